/** Starts and stops the Telegram adapter as `npm start` configures it: bot, command menus, HTTP server (/healthz, webhook), polling or webhook. */
import type { Bot } from 'grammy';
import type { RunnerHandle } from '@grammyjs/runner';
import { createHttpServer, databaseReachable, type App, type HttpServer } from '../../src';
import { buildBot, type BuildOptions } from './bot';
import { publishCommands } from './commands';
import { startPolling, type PollingOptions } from './polling';
import { resolveWebhookSecret } from './secret';
import { startWebhook } from './webhook';

export interface TelegramOptions extends BuildOptions, PollingOptions {
  /** An HTTP server shared with other adapters; without one, a server on config.http is started and owned here. */
  http?: HttpServer;
}

export interface TelegramAdapter {
  bot: Bot;
  http: HttpServer;
  mode: 'polling' | 'webhook';
  /** Stops taking updates and waits for those in flight. The caller closes the app (database) afterwards. */
  stop(): Promise<void>;
}

export async function startTelegram(app: App, options: TelegramOptions = {}): Promise<TelegramAdapter> {
  const telegram = app.config.telegram;
  if (!telegram) throw new Error('startTelegram needs config.telegram: set TELEGRAM_BOT_TOKEN');
  const bot = buildBot(app, options);
  await bot.init();
  await publishCommands(bot.api, app);

  const ownsHttp = options.http === undefined;
  const http =
    options.http ??
    createHttpServer({ host: app.config.http.host, port: app.config.http.port, log: app.log, healthy: () => databaseReachable(app.db.prisma) });

  let runner: RunnerHandle | undefined;
  let stopping = false;
  try {
    if (telegram.webhookUrl) {
      const { secret, source } = resolveWebhookSecret(app.config);
      if (source === 'generated') app.log.info('telegram: generated a webhook secret in the data folder');
      // Route first, then listen, then setWebhook: Telegram may deliver the moment it is set.
      await startWebhook(bot, http, { url: telegram.webhookUrl, secret, log: app.log, beforeSet: ownsHttp ? () => http.listen() : undefined });
    } else {
      if (ownsHttp) await http.listen();
      runner = await startPolling(bot, options);
      void runner.task()?.then(
        () => {
          if (!stopping) app.log.error('telegram: polling stopped on its own; restart the process');
        },
        () => app.log.error('telegram: polling crashed; restart the process'),
      );
    }
  } catch (error) {
    // A half-started adapter must not keep the port (or the process) alive.
    if (ownsHttp) await http.close();
    throw error;
  }
  app.log.info({ mode: runner ? 'polling' : 'webhook', bot: bot.botInfo.username }, 'telegram: adapter started');

  return {
    bot,
    http,
    mode: runner ? 'polling' : 'webhook',
    async stop() {
      if (stopping) return;
      stopping = true;
      // Runner: ends the long poll and waits for middleware in flight. Webhook: close() waits for open requests.
      if (runner?.isRunning()) await runner.stop();
      if (ownsHttp) await http.close();
    },
  };
}
