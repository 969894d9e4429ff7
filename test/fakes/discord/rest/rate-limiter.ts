/** Discord's global and per-route rate limits, with the X-RateLimit-* headers @discordjs/rest paces itself by. */
import { createHash } from 'node:crypto';
import type { RestResponse } from './responses.js';
import type { BucketSpec, Route } from './router.js';

export interface RateLimiterOptions {
  enforce: boolean;
  timeScale: number;
  globalRequestsPerSecond: number;
}

interface Window {
  resetAt: number;
  count: number;
}

export interface Admission {
  headers: Record<string, string>;
  /** A 429 to send instead of running the route. */
  limited?: RestResponse;
}

export class RateLimiter {
  private global: Window = { resetAt: 0, count: 0 };
  private readonly buckets = new Map<string, Window>();

  constructor(private readonly options: RateLimiterOptions) {}

  admit(route: Route, params: Record<string, string>, now: number): Admission {
    if (!this.options.enforce) return { headers: {} };
    if (route.globalLimit !== false) {
      if (this.global.resetAt <= now) this.global = { resetAt: now + this.scaled(1_000), count: 0 };
      if (this.global.count >= this.options.globalRequestsPerSecond) {
        return { headers: {}, limited: tooManyRequests((this.global.resetAt - now) / 1_000, true, this.options.timeScale === 1) };
      }
      this.global.count += 1;
    }
    const spec = route.bucket === 'none' ? undefined : (route.bucket ?? defaultBucket(route));
    if (!spec) return { headers: {} };
    const key = `${spec.name}:${spec.major ? (params[spec.major] ?? '') : ''}`;
    let window = this.buckets.get(key);
    if (!window || window.resetAt <= now) {
      window = { resetAt: now + this.scaled(spec.windowMs), count: 0 };
      this.buckets.set(key, window);
    }
    const headers = (remaining: number): Record<string, string> => ({
      'X-RateLimit-Limit': String(spec.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': (window.resetAt / 1_000).toFixed(3),
      'X-RateLimit-Reset-After': ((window.resetAt - now) / 1_000).toFixed(3),
      'X-RateLimit-Bucket': bucketHash(spec.name),
    });
    if (window.count >= spec.limit) {
      const limited = tooManyRequests((window.resetAt - now) / 1_000, false, this.options.timeScale === 1);
      return { headers: headers(0), limited: { ...limited, headers: { ...headers(0), ...limited.headers } } };
    }
    window.count += 1;
    return { headers: headers(spec.limit - window.count) };
  }

  private scaled(ms: number): number {
    return Math.max(1, Math.round(ms * this.options.timeScale));
  }
}

/**
 * Discord's 429: body `retry_after` in (fractional) seconds; the Retry-After header in whole seconds,
 * except under a time scale, where rounding up would defeat the scaling.
 */
export function tooManyRequests(retryAfterSeconds: number, global: boolean, wholeSecondHeader: boolean): RestResponse {
  const retryAfter = Math.max(0.001, Number(retryAfterSeconds.toFixed(3)));
  const header = wholeSecondHeader ? String(Math.ceil(retryAfter)) : String(retryAfter);
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
    headers: {
      'Retry-After': header,
      'X-RateLimit-Scope': global ? 'global' : 'user',
      ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
    },
  };
}

/** Discord sends bucket headers on nearly every route; routes without a documented limit get a generous one. */
function defaultBucket(route: Route): BucketSpec {
  const major = ['channelId', 'guildId', 'token'].find((param) => route.pattern.includes(`:${param}`));
  return { name: `${route.method} ${route.pattern}`, limit: 50, windowMs: 1_000, ...(major ? { major } : {}) };
}

function bucketHash(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 32);
}
