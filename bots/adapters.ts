/** Starts every configured chat adapter and the broadcast sender that delivers through them; stops them in the right order. */
import type { App, BroadcastTransport, BroadcastWorker, HttpServer, WorkerSettings } from '../src';
import type { DiscordBot, DiscordOptions } from './discord/start';
import type { TelegramAdapter, TelegramOptions } from './telegram/start';

export interface AdaptersOptions {
  /** The HTTP server (/healthz, Telegram's webhook); without one, the Telegram adapter starts its own. */
  http?: HttpServer;
  telegram?: TelegramOptions;
  discord?: DiscordOptions;
  /** Tests and benchmarks: the fake APIs' time scale, which the sending pace follows. */
  timeScale?: number;
  /** The worker's leases and pace of work (tests shorten them). */
  worker?: WorkerSettings;
  /** Tests: a fake Discord that does not deduplicate message nonces makes repeats unsafe. */
  discordIdempotent?: boolean;
}

export interface Adapters {
  telegram?: TelegramAdapter;
  discord?: DiscordBot;
  worker: BroadcastWorker;
  /** The worker first (it finishes sends in flight through the adapters), then the adapters. */
  stop(): Promise<void>;
}

export async function startAdapters(app: App, options: AdaptersOptions = {}): Promise<Adapters> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const part of started.splice(0).reverse()) {
      await part.stop().catch((error: unknown) => app.log.error({ err: error }, 'stopping an adapter failed'));
    }
  };
  try {
    const transports: BroadcastTransport[] = [];
    let telegram: TelegramAdapter | undefined;
    let discord: DiscordBot | undefined;
    // Adapters are loaded only when configured: discord.js alone is ~30 MB of memory.
    if (app.config.telegram) {
      const [{ startTelegram }, { TelegramTransport }] = await Promise.all([import('./telegram/start'), import('./telegram/transport')]);
      telegram = await startTelegram(app, { ...options.telegram, ...(options.http ? { http: options.http } : {}) });
      started.push(telegram);
      transports.push(new TelegramTransport(app, telegram.bot, { timeScale: options.timeScale }));
    }
    if (app.config.discord) {
      const [{ startDiscord }, { DiscordTransport }] = await Promise.all([import('./discord/start'), import('./discord/transport')]);
      discord = await startDiscord(app, options.discord);
      started.push(discord);
      transports.push(new DiscordTransport(app, discord.client, { timeScale: options.timeScale, idempotent: options.discordIdempotent }));
    }
    // Every process runs a worker; they elect one sender between them (see src/broadcast/worker.ts).
    const worker = app.broadcasts.startWorker(transports, options.worker);
    started.push(worker);
    return { ...(telegram ? { telegram } : {}), ...(discord ? { discord } : {}), worker, stop: stopAll };
  } catch (error) {
    // A failed start must not leave half the adapters running.
    await stopAll();
    throw error;
  }
}
