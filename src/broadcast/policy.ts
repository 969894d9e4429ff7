/** The platforms' documented sending limits, as data the worker's pacer enforces. */

/** At most `limit` sends in any window of `windowMs`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface RatePolicy {
  /** Every send of the bot, to any chat. */
  global: RateRule;
  /** Per chat: a member's private chat, or a group or channel. */
  perChat: { member: RateRule; channel: RateRule };
  /** Requests one send uses against the global rule (Discord: opening a DM is a request of its own). */
  cost: { member: number; channel: number };
  /**
   * Added to each window before spacing sends evenly across it, so the jitter between our clock and
   * the platform's never makes two sends look closer than allowed.
   */
  marginMs: number;
  /**
   * Slots the bot-wide pace may make up after a late timer. Safe while the global limit is below
   * the platform's by at least this many sends per window: 29 of Telegram's 30 leaves room for one.
   */
  catchUpSlots: number;
}

/**
 * Telegram: about 30 messages per second overall, at most 20 per minute to one group or channel,
 * about 1 per second to one private chat. The broadcaster keeps to 29 per second so that replies to
 * members, which other code sends outside this pacer, still have room under the bot's limit.
 */
export const TELEGRAM_POLICY: RatePolicy = {
  global: { limit: 29, windowMs: 1000 },
  perChat: { member: { limit: 1, windowMs: 1000 }, channel: { limit: 20, windowMs: 60_000 } },
  cost: { member: 1, channel: 1 },
  marginMs: 10,
  catchUpSlots: 1,
};

/**
 * Discord: 50 requests per second globally; @discordjs/rest also follows each route's bucket
 * (5 messages per 5 s per channel). A DM costs two requests (open the DM channel, then post).
 */
export const DISCORD_POLICY: RatePolicy = {
  global: { limit: 45, windowMs: 1000 },
  perChat: { member: { limit: 1, windowMs: 1000 }, channel: { limit: 5, windowMs: 5000 } },
  cost: { member: 2, channel: 1 },
  marginMs: 10,
  catchUpSlots: 1,
};

/** The same policy with every duration multiplied, for fakes that run time faster (timeScale 0.1: a minute in 6 s). */
export function scalePolicy(policy: RatePolicy, timeScale: number): RatePolicy {
  const rule = (r: RateRule): RateRule => ({ limit: r.limit, windowMs: r.windowMs * timeScale });
  return {
    global: rule(policy.global),
    perChat: { member: rule(policy.perChat.member), channel: rule(policy.perChat.channel) },
    cost: policy.cost,
    marginMs: policy.marginMs * timeScale,
    catchUpSlots: policy.catchUpSlots,
  };
}

/** The even spacing that keeps any window of the rule within its limit. */
export function spacingMs(rule: RateRule, marginMs: number): number {
  return (rule.windowMs + marginMs) / rule.limit;
}
