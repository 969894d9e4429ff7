/** Test-injected failures: "the next request matching X gets status Y", counted toward the fake's stats. */
import { apiError, type RestResponse } from './responses.js';
import { tooManyRequests } from './rate-limiter.js';

export interface CallSummary {
  method: string;
  path: string;
  body: unknown;
}

export interface FailureSpec {
  /** HTTP status to answer with. Default 429. */
  status?: number;
  /** For 429s: seconds to wait, like Discord's retry_after. Default 0.1. */
  retryAfter?: number;
  /** For 429s: mark it global (X-RateLimit-Global). Default false. */
  global?: boolean;
  /** For other statuses: a Discord error code and message for the body. */
  code?: number;
  message?: string;
  /** How many matching requests fail. Default 1. */
  times?: number;
}

interface Pending {
  predicate: (call: CallSummary) => boolean;
  spec: FailureSpec;
  remaining: number;
}

export class FaultInjector {
  private readonly pending: Pending[] = [];

  add(predicate: (call: CallSummary) => boolean, spec: FailureSpec): void {
    this.pending.push({ predicate, spec, remaining: spec.times ?? 1 });
  }

  /** The injected response for this request, if one is pending; consumes it. */
  take(call: CallSummary): RestResponse | undefined {
    const index = this.pending.findIndex((p) => p.predicate(call));
    if (index < 0) return undefined;
    const entry = this.pending[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.splice(index, 1);
    const { status = 429, retryAfter = 0.1, global = false } = entry.spec;
    if (status === 429) {
      // Injected 429s use the exact retry_after in the header too, so short waits stay short.
      return tooManyRequests(retryAfter, global, false);
    }
    return apiError(status, entry.spec.code ?? 0, entry.spec.message ?? `${status}: Injected failure`);
  }

  get size(): number {
    return this.pending.length;
  }
}
