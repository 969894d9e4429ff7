/** Telegram's documented flood limits as sliding windows: per bot per second, per chat per second, per group per minute. */

export interface RateLimits {
  /** Messages per second across all chats of one bot (Telegram: 30). */
  perSecond: number;
  /** Messages per second to one private chat (Telegram: about 1). */
  perPrivateChatPerSecond: number;
  /** Messages per minute to one group, supergroup or channel (Telegram: 20). */
  perGroupPerMinute: number;
}

export const TELEGRAM_LIMITS: RateLimits = { perSecond: 30, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 };

/** Shared, mutable settings every bot's limiter reads on each call. */
export interface LimitSettings {
  limits: RateLimits | undefined;
  /** Multiplies every Telegram-side duration: 0.1 makes "one minute" last 6 s of real time. */
  timeScale: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly settings: LimitSettings) {}

  /** Admits one message to `chatId` now, or says how long to wait; a refused message is not counted. */
  admit(chatId: number, isPrivate: boolean, now = Date.now()): Admission {
    const limits = this.settings.limits;
    if (limits === undefined) return { ok: true };
    const second = 1000 * this.settings.timeScale;
    const windows = [
      { key: 'all', max: limits.perSecond, span: second },
      isPrivate
        ? { key: `chat:${chatId}`, max: limits.perPrivateChatPerSecond, span: second }
        : { key: `chat:${chatId}`, max: limits.perGroupPerMinute, span: 60 * second },
    ];
    let waitMs = 0;
    for (const window of windows) {
      const recent = this.recent(window.key, now - window.span);
      if (recent.length >= window.max) {
        // The oldest send that must leave the window before another fits.
        const blocking = recent[recent.length - window.max] ?? now;
        waitMs = Math.max(waitMs, blocking + window.span - now);
      }
    }
    if (waitMs > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    for (const window of windows) this.recent(window.key, now - window.span).push(now);
    return { ok: true };
  }

  private recent(key: string, since: number): number[] {
    const kept = (this.sent.get(key) ?? []).filter((at) => at > since);
    this.sent.set(key, kept);
    return kept;
  }
}
