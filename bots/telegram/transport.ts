/**
 * Campaign updates out through Telegram: one sendMessage per delivery, rendered like every engine
 * reply (HTML escaped, Sign as a t.me deep link). Sends go through an API client of their own,
 * without auto-retry, so the worker sees every 429 and paces itself; the author's progress message
 * goes through the bot's client, whose auto-retry waits a 429 out like any reply.
 */
import { Api, GrammyError, HttpError, type Bot } from 'grammy';
import { TELEGRAM_POLICY, type App, type BroadcastTransport, type ProgressRequest, type RatePolicy, type SendOutcome, type SendRequest } from '../../src';
import { broadcastPolicy } from '../broadcast-policy';
import { isNotModified, safeError } from './errors';
import { inlineKeyboard, splitRich, toHtml } from './render';

export interface TelegramTransportOptions {
  /** The fake Bot API's time scale (tests, benchmarks): the policy's windows are scaled to match. */
  timeScale?: number;
  /** One send gives up after this long and counts as unknown (it may have arrived). Well within the worker's 30 s send lease. */
  timeoutSeconds?: number;
}

/** Refusals that mean the bot cannot reach this chat any more: the subscription goes off, or the member's address is dropped. */
const TARGET_GONE =
  /chat not found|user is deactivated|bot was blocked|bot was kicked|bot is not a member|group chat was (deactivated|upgraded)|need administrator rights|not enough rights|have no rights|CHAT_WRITE_FORBIDDEN|PEER_ID_INVALID/i;
/** Network failures before the request left this machine: surely not delivered. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What a failed sendMessage means for the delivery. Pure, so every case is tested without a network. */
export function telegramOutcome(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    const moved = error.parameters.migrate_to_chat_id;
    if (error.error_code === 429) return { kind: 'rateLimited', retryAfterMs: (error.parameters.retry_after ?? 1) * 1000 };
    if (moved !== undefined) return { kind: 'moved', chatId: String(moved) };
    if (error.error_code >= 500) return { kind: 'transient', reason };
    // Our token or API root is wrong, not the chat: retried, and failed if it stays so.
    if (error.error_code === 401 || error.error_code === 404) return { kind: 'transient', reason };
    if (error.error_code === 403 || TARGET_GONE.test(error.description)) return { kind: 'permanent', reason, targetGone: true };
    return { kind: 'permanent', reason };
  }
  if (error instanceof HttpError) {
    // Only the error code is kept: the network error's message can quote the URL, which holds the bot token.
    const cause = error.error as { code?: unknown; message?: unknown } | undefined;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    if (code && NOT_SENT.has(code)) return { kind: 'transient', reason: `network: ${code}` };
    // A timeout or a connection lost mid-request: Telegram may have taken it.
    const timedOut = typeof cause?.message === 'string' && /timed out/i.test(cause.message);
    return { kind: 'unknown', reason: `network: ${code ?? (timedOut ? 'timed out' : 'request failed')}` };
  }
  return { kind: 'unknown', reason: `send failed: ${error instanceof Error ? error.name : typeof error}` };
}

export class TelegramTransport implements BroadcastTransport {
  readonly platform = 'telegram' as const;
  readonly policy: RatePolicy;
  private readonly sender: Api;

  constructor(
    private readonly app: App,
    private readonly bot: Bot,
    options: TelegramTransportOptions = {},
  ) {
    const telegram = app.config.telegram;
    if (!telegram) throw new Error('TelegramTransport needs config.telegram: set TELEGRAM_BOT_TOKEN');
    this.policy = broadcastPolicy(TELEGRAM_POLICY, options.timeScale);
    this.sender = new Api(telegram.token, { apiRoot: telegram.apiRoot, timeoutSeconds: options.timeoutSeconds ?? 10 });
  }

  private get username(): string {
    return this.bot.botInfo.username;
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const { target, message } = request;
    // Both languages fit one message by design (MAX_BROADCAST_CHARS); one target, one message.
    if (splitRich(message.text).length > 1) return { kind: 'permanent', reason: 'too long for one Telegram message' };
    const chatId = target.kind === 'channel' ? target.chatId : target.address;
    try {
      const sent = await this.sender.sendMessage(chatId, toHtml(message.text, this.username), {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: inlineKeyboard(message.buttons, this.username),
      });
      return { kind: 'sent', messageId: String(sent.message_id) };
    } catch (error) {
      return telegramOutcome(error);
    }
  }

  /** Edits the progress message when there is one; otherwise (or if it is gone) sends a new one. */
  async showProgress(request: ProgressRequest): Promise<{ messageId: string } | null> {
    const html = toHtml(request.text, this.username);
    const other = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, reply_markup: inlineKeyboard(request.buttons, this.username) };
    if (request.messageId !== undefined) {
      try {
        await this.bot.api.editMessageText(request.address, Number(request.messageId), html, other);
        return { messageId: request.messageId };
      } catch (error) {
        if (isNotModified(error)) return { messageId: request.messageId };
        this.app.log.debug({ error: safeError(error) }, 'telegram: editing the progress message failed; sending a new one');
      }
    }
    try {
      const sent = await this.bot.api.sendMessage(request.address, html, other);
      return { messageId: String(sent.message_id) };
    } catch (error) {
      this.app.log.warn({ error: safeError(error) }, 'telegram: the progress message could not be shown');
      return null;
    }
  }
}
