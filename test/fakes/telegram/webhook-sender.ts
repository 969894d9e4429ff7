/** Delivers a bot's queued updates to its webhook the way Telegram's WebhookActor does. */
import type { Update } from 'grammy/types';
import { postJson, type PostResult } from './node-http';
import type { UpdateQueue } from './update-queue';

export interface WebhookTarget {
  url: string;
  secretToken: string;
  maxConnections: number;
}

export interface WebhookError {
  date: number;
  message: string;
}

/** Telegram's resend delay doubles after the second failure, up to a random 60-120 s. */
const MAX_RESEND_SECONDS = 60;

interface Attempt {
  failures: number;
  delaySeconds: number;
  wakeAt: number;
}

export class WebhookSender {
  private readonly inFlight = new Set<string>();
  private readonly attempts = new Map<number, Attempt>();
  private readonly aborter = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;
  private stopped = false;
  lastError: WebhookError | undefined;

  constructor(
    private readonly target: WebhookTarget,
    private readonly queue: UpdateQueue,
    private readonly timeScale: () => number,
    /** A 2xx answer whose body is a JSON method call (grammY's webhook reply) is executed like an API call. */
    private readonly onWebhookReply: (call: Record<string, unknown>) => void,
  ) {
    this.stopListening = queue.onPush(() => this.pump());
    queueMicrotask(() => this.pump());
  }

  stop(): void {
    this.stopped = true;
    this.stopListening();
    clearTimeout(this.timer);
    this.aborter.abort();
  }

  private pump(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const now = Date.now();
    const blocked = new Set<string>(this.inFlight);
    let nextWake = Infinity;
    for (const update of this.queue.all()) {
      if (this.inFlight.size >= this.target.maxConnections) break;
      const key = queueKey(update);
      // Updates of one chat go out one at a time, in order.
      if (blocked.has(key)) continue;
      blocked.add(key);
      const wakeAt = this.attempts.get(update.update_id)?.wakeAt ?? 0;
      if (wakeAt > now) {
        nextWake = Math.min(nextWake, wakeAt);
        continue;
      }
      this.send(update, key);
    }
    if (nextWake !== Infinity) {
      this.timer = setTimeout(() => this.pump(), nextWake - now);
      this.timer.unref();
    }
  }

  private send(update: Update, key: string): void {
    this.inFlight.add(key);
    const headers: Record<string, string> = this.target.secretToken
      ? { 'X-Telegram-Bot-Api-Secret-Token': this.target.secretToken }
      : {};
    const timeoutMs = Math.max(1000, 60_000 * this.timeScale());
    postJson(this.target.url, JSON.stringify(update), headers, this.aborter.signal, timeoutMs)
      .then((result) => this.settle(update, result))
      .catch((error: unknown) => this.settle(update, error))
      .finally(() => {
        this.inFlight.delete(key);
        this.pump();
      });
  }

  private settle(update: Update, outcome: PostResult | unknown): void {
    if (this.stopped) return;
    if (isPostResult(outcome) && outcome.status >= 200 && outcome.status <= 299) {
      this.attempts.delete(update.update_id);
      this.queue.remove(update.update_id);
      const call = webhookReply(outcome.body);
      if (call) this.onWebhookReply(call);
      return;
    }
    const message = isPostResult(outcome)
      ? `Wrong response from the webhook: ${outcome.status} ${statusText(outcome.status)}`
      : connectionError(outcome);
    this.lastError = { date: Math.floor(Date.now() / 1000), message };
    const retryAfter = isPostResult(outcome) ? Number(outcome.headers['retry-after'] ?? 0) || 0 : 0;
    const attempt = this.attempts.get(update.update_id) ?? { failures: 0, delaySeconds: 1, wakeAt: 0 };
    let waitSeconds = Math.min(retryAfter, 3600);
    if (waitSeconds === 0 && attempt.failures > 0) {
      const cap = MAX_RESEND_SECONDS * (1 + Math.random());
      attempt.delaySeconds = Math.min(cap, attempt.delaySeconds * 2);
      waitSeconds = attempt.delaySeconds;
    }
    attempt.failures++;
    attempt.wakeAt = Date.now() + waitSeconds * 1000 * this.timeScale();
    this.attempts.set(update.update_id, attempt);
  }
}

/** Telegram's per-update delivery queue: one per chat for messages, per user for callback queries. */
export function queueKey(update: Update): string {
  const message = update.message ?? update.edited_message ?? update.channel_post ?? update.edited_channel_post;
  if (message) return `chat:${message.chat.id}`;
  if (update.callback_query) return `callback:${update.callback_query.from.id}`;
  if (update.my_chat_member) return `my:${update.my_chat_member.chat.id}`;
  if (update.chat_member) return `member:${update.chat_member.new_chat_member.user.id}`;
  return `update:${update.update_id}`;
}

function webhookReply(body: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { method?: unknown }).method === 'string') {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // An empty or non-JSON answer is just an acknowledgement.
  }
  return undefined;
}

function isPostResult(value: unknown): value is PostResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

function connectionError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ECONNRESET') return 'Connection reset by peer';
  return error instanceof Error ? error.message : String(error);
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    409: 'Conflict', 410: 'Gone', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
    503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return texts[status] ?? '';
}
