/** Everything Telegram keeps for one bot token: identity, chats, updates, webhook, commands, callback queries. */
import type { BotCommand, BotCommandScope, CallbackQuery, User, WebhookInfo } from 'grammy/types';
import { ChatStore } from './chat-store';
import { RateLimiter, type LimitSettings } from './rate-limiter';
import { UpdateQueue } from './update-queue';
import { WebhookSender, type WebhookTarget } from './webhook-sender';

export interface BotIdentity {
  token: string;
  username: string;
  first_name: string;
}

export interface CommandList {
  scope: BotCommandScope;
  language_code: string;
  commands: BotCommand[];
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time: number;
  at: number;
}

interface ActiveWebhook {
  target: WebhookTarget;
  sender: WebhookSender;
}

export class BotState {
  readonly user: User;
  readonly chats: ChatStore;
  readonly updates: UpdateQueue;
  readonly limiter: RateLimiter;
  /** Keyed by scope and language, like Telegram's separate command lists. */
  readonly commands = new Map<string, CommandList>();
  readonly callbackQueries = new Map<string, { query: CallbackQuery; answered: boolean }>();
  readonly callbackAnswers: CallbackAnswer[] = [];
  private webhook: ActiveWebhook | undefined;
  private lastWebhookError: WebhookInfo['last_error_message'];
  private lastWebhookErrorDate: number | undefined;
  lastSetWebhookAt = 0;

  constructor(
    readonly identity: BotIdentity,
    private readonly settings: LimitSettings,
    firstUpdateId: number,
    private readonly runWebhookReply: (bot: BotState, call: Record<string, unknown>) => void,
  ) {
    this.user = {
      id: Number(identity.token.split(':')[0]),
      is_bot: true,
      first_name: identity.first_name,
      username: identity.username,
    };
    this.chats = new ChatStore(this.user);
    this.updates = new UpdateQueue(firstUpdateId);
    this.limiter = new RateLimiter(settings);
  }

  get token(): string {
    return this.identity.token;
  }

  webhookTarget(): WebhookTarget | undefined {
    return this.webhook?.target;
  }

  /** Switches the bot to webhook delivery; a running long poll ends with a 409. */
  setWebhook(target: WebhookTarget): void {
    this.deleteWebhook();
    this.lastWebhookError = undefined;
    this.lastWebhookErrorDate = undefined;
    this.updates.endPoll('webhook');
    const sender = new WebhookSender(
      target,
      this.updates,
      () => this.settings.timeScale,
      (call) => this.runWebhookReply(this, call),
    );
    this.webhook = { target, sender };
  }

  /** Returns whether a webhook was set. */
  deleteWebhook(): boolean {
    if (this.webhook === undefined) return false;
    this.rememberWebhookError();
    this.webhook.sender.stop();
    this.webhook = undefined;
    return true;
  }

  webhookInfo(): WebhookInfo {
    this.rememberWebhookError();
    const target = this.webhook?.target;
    const allowed = this.updates.allowedList();
    return {
      url: target?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.updates.size,
      ...(this.lastWebhookErrorDate !== undefined
        ? { last_error_date: this.lastWebhookErrorDate, last_error_message: this.lastWebhookError }
        : {}),
      ...(target ? { max_connections: target.maxConnections, ip_address: '127.0.0.1' } : {}),
      ...(allowed ? { allowed_updates: allowed as WebhookInfo['allowed_updates'] } : {}),
    };
  }

  close(): void {
    this.deleteWebhook();
    this.updates.endPoll('aborted');
  }

  private rememberWebhookError(): void {
    const error = this.webhook?.sender.lastError;
    if (error) {
      this.lastWebhookError = error.message;
      this.lastWebhookErrorDate = error.date;
    }
  }
}
