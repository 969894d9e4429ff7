/** What `npm start` runs: the app from the environment, every configured adapter with the broadcast sender (the console when none is), and a clean stop on SIGTERM or SIGINT. */
import { ConfigError, createApp, createHttpServer, databaseReachable, loadConfig, type App, type HttpServer } from '../src';
import { startAdapters, type AdaptersOptions } from './adapters';
import { runConsole } from './console/console-bot';

/** Tests run the same start-up against fake platforms; `npm start` passes nothing. */
export type RunOptions = Omit<AdaptersOptions, 'http'>;

export async function run(options: RunOptions = {}): Promise<void> {
  let app: App;
  try {
    app = await createApp(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ reason }, 'shutting down');
    // Last started, first stopped: the broadcast sender, then the adapters, then the HTTP server; the database last.
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => app.log.error({ err: error }, 'adapter stop failed'));
    await app.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (!app.config.telegram && !app.config.discord) {
    // A reader that goes away (e.g. `npm start | head`) ends the session instead of crashing it.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') void shutdown('output closed');
    });
    await runConsole(app, { input: process.stdin, output: process.stdout, ansi: process.stdout.isTTY === true });
    await shutdown('end of input');
    return;
  }

  try {
    // One HTTP server for every chat adapter: GET /healthz for the orchestrator, and Telegram's webhook.
    const http: HttpServer = createHttpServer({ host: app.config.http.host, port: app.config.http.port, log: app.log, healthy: () => databaseReachable(app.db.prisma) });
    await http.listen();
    stops.push(() => http.close());
    const adapters = await startAdapters(app, { ...options, http });
    stops.push(() => adapters.stop());
  } catch (error) {
    // A failed start must not leave half the adapters running or the database open.
    app.log.error({ err: error }, 'start-up failed');
    await shutdown('start-up failed', 1);
  }
}
