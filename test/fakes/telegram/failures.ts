/** Failures a test injects: "fail the next N calls of this method" and "fail every call that matches". */
import type { TelegramError } from './api-error';

export interface IncomingCall {
  method: string;
  params: Record<string, unknown>;
  token: string;
}

export type InjectedError = TelegramError | ((call: IncomingCall) => TelegramError);

interface Rule {
  matches: (call: IncomingCall) => boolean;
  error: InjectedError;
  remaining: number;
}

export class FailureInjector {
  private readonly rules: Rule[] = [];

  failNext(method: string, error: InjectedError, times = 1): void {
    const wanted = method.toLowerCase();
    this.rules.push({ matches: (call) => call.method.toLowerCase() === wanted, error, remaining: times });
  }

  /** Fails every matching call until the returned function is called. */
  failWhen(predicate: (call: IncomingCall) => boolean, error: InjectedError): () => void {
    const rule: Rule = { matches: predicate, error, remaining: Infinity };
    this.rules.push(rule);
    return () => {
      const index = this.rules.indexOf(rule);
      if (index !== -1) this.rules.splice(index, 1);
    };
  }

  /** The error to answer with instead of running the method, consuming one use of the rule. */
  take(call: IncomingCall): TelegramError | undefined {
    const rule = this.rules.find((candidate) => candidate.matches(call));
    if (rule === undefined) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return typeof rule.error === 'function' ? rule.error(call) : rule.error;
  }
}
