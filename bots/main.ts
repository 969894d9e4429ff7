/** `npm start`: builds the app from the environment and runs every configured adapter (the console when none is). */
import { ConfigError, createApp, loadConfig, type App } from '../src';
import { runConsole } from './console/console-bot';

async function main(): Promise<void> {
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
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    for (const stop of stops) await stop().catch((error: unknown) => app.log.error({ err: error }, 'adapter stop failed'));
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await runConsole(app, { input: process.stdin, output: process.stdout, ansi: process.stdout.isTTY === true });
  await shutdown('end of input');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
