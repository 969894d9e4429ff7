/** getUpdates with real long-poll semantics, and the webhook methods that replace it. */
import { badRequest, conflict, tooManyRequests } from '../api-error';
import type { BotState } from '../bot-state';
import type { Params } from '../params';
import { Described, type MethodTable } from './context';

const LONG_POLL_MAX_TIMEOUT = 50;
const DEFAULT_MAX_CONNECTIONS = 40;

export const updateMethods: MethodTable = {
  getUpdates: async ({ bot, params, signal }) => {
    if (bot.webhookTarget()) {
      throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = params.int('offset', 0, -(2 ** 31), 2 ** 31 - 1);
    const limit = params.int('limit', 100, 1, 100);
    const timeout = params.int('timeout', 0, 0, LONG_POLL_MAX_TIMEOUT);
    bot.updates.setAllowed(allowedUpdates(params));
    bot.updates.confirm(offset);
    if (bot.updates.size === 0 && timeout > 0) {
      const outcome = await bot.updates.waitForUpdate(timeout * 1000, signal);
      if (outcome === 'terminated') {
        throw conflict('terminated by other getUpdates request; make sure that only one bot instance is running');
      }
      if (outcome === 'webhook') throw conflict('terminated by setWebhook request');
    }
    return bot.updates.peek(limit);
  },

  setWebhook: ({ bot, params, settings }) => {
    const url = params.text('url');
    const drop = params.bool('drop_pending_updates');
    if (url === '') return removeWebhook(bot, drop);
    // Telegram lets a bot set a non-empty webhook at most once per second.
    const now = Date.now();
    if (settings.limits && now < bot.lastSetWebhookAt + 1000 * settings.timeScale) throw tooManyRequests(1);
    bot.lastSetWebhookAt = now;
    if (!isWebhookUrl(url)) throw badRequest('invalid webhook URL specified');
    const secretToken = params.text('secret_token');
    if (secretToken.length > 256) throw badRequest('secret token is too long');
    if (!/^[A-Za-z0-9_-]*$/.test(secretToken)) throw badRequest('secret token contains unallowed characters');
    const target = { url, secretToken, maxConnections: params.int('max_connections', DEFAULT_MAX_CONNECTIONS, 1, 100) };
    const current = bot.webhookTarget();
    const allowed = allowedUpdates(params);
    if (current && !drop && JSON.stringify(current) === JSON.stringify(target)) {
      bot.updates.setAllowed(allowed);
      return new Described(true, 'Webhook is already set');
    }
    if (drop) bot.updates.dropAll();
    bot.updates.setAllowed(allowed);
    bot.setWebhook(target);
    return new Described(true, 'Webhook was set');
  },

  deleteWebhook: ({ bot, params }) => removeWebhook(bot, params.bool('drop_pending_updates')),

  getWebhookInfo: ({ bot }) => bot.webhookInfo(),
};

function removeWebhook(bot: BotState, drop: boolean): Described {
  if (drop) bot.updates.dropAll();
  const wasSet = bot.deleteWebhook();
  return new Described(true, wasSet ? 'Webhook was deleted' : 'Webhook is already deleted');
}

function allowedUpdates(params: Params): string[] | undefined {
  let value: unknown;
  try {
    value = params.json('allowed_updates', 'ignored');
  } catch {
    return undefined; // Telegram ignores an unparsable list
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return undefined;
  return value as string[];
}

// Telegram insists on HTTPS and ports 443, 80, 88 or 8443; the fake also takes plain http on any port so
// tests can receive on 127.0.0.1.
function isWebhookUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
