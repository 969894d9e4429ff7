/** Webhook mode: a route on the HTTP server that checks Telegram's secret header, hands the update to the bot, and registers itself with setWebhook. */
import { timingSafeEqual } from 'node:crypto';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { HttpHandler, HttpServer, Logger } from '../../src';
import { ALLOWED_UPDATES } from './bot';
import { safeError } from './errors';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isUpdate(value: unknown): value is Update {
  return typeof value === 'object' && value !== null && Number.isSafeInteger((value as { update_id?: unknown }).update_id);
}

/**
 * Answers after the update is handled, so Telegram resends it if we crash midway; the engine
 * recognises a resent update by its id and acknowledges it without acting twice.
 */
export function webhookHandler(bot: Bot, secret: string, log: Logger): HttpHandler {
  return async (request) => {
    if (!sameSecret(request.headers[SECRET_HEADER], secret)) return { status: 401, body: { ok: false, error: 'unauthorized' } };
    let update: unknown;
    try {
      update = JSON.parse(request.body.toString('utf8'));
    } catch {
      return { status: 400, body: { ok: false, error: 'body is not JSON' } };
    }
    if (!isUpdate(update)) return { status: 400, body: { ok: false, error: 'not an update' } };
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      // bot.catch does not rethrow, so this is rare; acknowledge anyway: a resend would fail the same way.
      log.error({ updateId: update.update_id, error: safeError(error) }, 'telegram: webhook update failed');
    }
    return { status: 200, body: { ok: true } };
  };
}

/** Mounts the route at the webhook URL's path and tells Telegram to deliver there. */
export async function startWebhook(
  bot: Bot,
  http: HttpServer,
  options: { url: string; secret: string; log: Logger; /** Runs after the route is mounted (start the server listening). */ beforeSet?: () => Promise<void> },
): Promise<void> {
  const path = new URL(options.url).pathname;
  http.route('POST', path, webhookHandler(bot, options.secret, options.log));
  await options.beforeSet?.();
  await bot.api.setWebhook(options.url, {
    secret_token: options.secret,
    allowed_updates: [...ALLOWED_UPDATES],
  });
  options.log.info({ path }, 'telegram: webhook set');
}
