/** Every API call the fake answered, and a way for tests to wait for the next one they care about. */
import type { TelegramError } from './api-error';

export type TelegramResponse = { ok: true; result: unknown; description?: string } | ({ ok: false } & TelegramError);

export interface RecordedCall {
  /** The method as Telegram names it (`sendMessage`), or as requested when unknown. */
  method: string;
  /** The parameters as sent (JSON bodies verbatim; form and multipart values decoded best-effort). */
  params: Record<string, unknown>;
  token: string;
  /** When the request arrived (ms since epoch). */
  at: number;
  /** Telegram's answer; undefined when the client hung up first (an aborted long poll). */
  response: TelegramResponse | undefined;
  httpStatus: number;
  /** 'webhook-reply' when the bot answered a webhook POST with a method call instead of calling the API. */
  via: 'http' | 'webhook-reply';
}

export type CallPredicate = (call: RecordedCall) => boolean;

interface Waiter {
  method: string;
  predicate: CallPredicate;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
}

export class CallLog {
  readonly calls: RecordedCall[] = [];
  private readonly handedOut = new WeakSet<RecordedCall>();
  private readonly waiters = new Set<Waiter>();

  record(call: RecordedCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (this.matches(call, waiter.method, waiter.predicate)) {
        this.waiters.delete(waiter);
        this.handedOut.add(call);
        waiter.resolve(call);
        return;
      }
    }
  }

  /**
   * The first matching call not already handed to an earlier waitFor, waiting if there is none yet, so
   * consecutive waits walk through consecutive calls even when the bot answered before the test asked.
   */
  waitFor(method: string, predicate: CallPredicate = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    const done = this.calls.find((call) => this.matches(call, method, predicate));
    if (done) {
      this.handedOut.add(done);
      return Promise.resolve(done);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        method,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`fake Telegram: no ${method} call within ${timeoutMs} ms. ${this.describeRecent()}`));
      }, timeoutMs);
      timer.unref();
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending waitFor: the fake is closing. */
  close(): void {
    for (const waiter of this.waiters) waiter.reject(new Error('fake Telegram: closed while waiting for a call'));
    this.waiters.clear();
  }

  describeRecent(count = 15): string {
    const recent = this.calls.slice(-count);
    if (recent.length === 0) return 'No calls were made at all (is the bot pointed at fake.apiRoot?).';
    const lines = recent.map((call) => {
      const response = call.response;
      let answer = 'no answer (client hung up)';
      if (response) answer = response.ok ? 'ok' : `${response.error_code} ${response.description}`;
      const text = typeof call.params.text === 'string' ? ` text=${JSON.stringify(call.params.text.slice(0, 60))}` : '';
      return `  ${call.method}${text} → ${answer}`;
    });
    return `Last ${recent.length} of ${this.calls.length} calls:\n${lines.join('\n')}`;
  }

  private matches(call: RecordedCall, method: string, predicate: CallPredicate): boolean {
    return !this.handedOut.has(call) && call.method.toLowerCase() === method.toLowerCase() && predicate(call);
  }
}
