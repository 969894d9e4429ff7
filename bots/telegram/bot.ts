/** Builds the grammY Bot: API client (apiRoot, bounded auto-retry), per-chat ordering, the update handler and the last-resort error handler. */
import { Bot, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import type { App } from '../../src';
import { safeError } from './errors';
import { updateHandler } from './handler';

/**
 * The update types the bot acts on; everything else is never fetched or delivered. my_chat_member
 * tells when the bot is removed from a group or channel; channel_post carries /subscribe in channels.
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member', 'channel_post'] as const;

export interface BuildOptions {
  /** Skips getMe (tests); otherwise bot.init() fetches it at start-up. */
  botInfo?: UserFromGetMe;
  /** Transformers installed after auto-retry, so they see every call first (tests capture calls here). */
  transformers?: Transformer[];
  /** Upper bound for one rate-limit wait; a longer retry_after fails the call instead of stalling a member. */
  maxRetryDelaySeconds?: number;
}

export function buildBot(app: App, options: BuildOptions = {}): Bot {
  const telegram = app.config.telegram;
  if (!telegram) throw new Error('buildBot needs config.telegram: set TELEGRAM_BOT_TOKEN');
  const bot = new Bot(telegram.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { apiRoot: telegram.apiRoot },
  });
  // Innermost, so it sees each attempt auto-retry makes. Method and Telegram's answer only: never the payload.
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok) {
      const level = method === 'getUpdates' || result.error_code === 429 || result.error_code >= 500 ? 'warn' : 'debug';
      app.log[level]({ method, code: result.error_code, description: result.description, retryAfter: result.parameters?.retry_after }, 'telegram: API call refused');
    }
    return result;
  });
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: 3,
      maxDelaySeconds: options.maxRetryDelaySeconds ?? 30,
      // A request that failed on the network may still have been delivered; retrying a
      // sendMessage could post twice. Fail it instead and let the error boundary log it.
      rethrowHttpErrors: true,
    }),
  );
  for (const transformer of options.transformers ?? []) bot.api.config.use(transformer);

  // One member's updates in order, one at a time; other chats run concurrently. Both keys,
  // because a member's button presses and messages can come from different chats.
  bot.use(
    sequentialize((ctx) => {
      const keys: string[] = [];
      if (ctx.chat) keys.push(`chat:${ctx.chat.id}`);
      if (ctx.from) keys.push(`user:${ctx.from.id}`);
      return keys;
    }),
  );
  bot.use(updateHandler(app));

  // The handler catches everything itself; this only sees bugs in middleware around it. Never rethrow:
  // an error in one update must not stop polling.
  bot.catch((error) => {
    app.log.error({ updateId: error.ctx.update.update_id, error: safeError(error.error) }, 'telegram: unhandled error in an update');
  });
  return bot;
}
