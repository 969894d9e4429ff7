/** Records every REST call the fake receives, with its answer, and lets tests wait for one. */
import { ChangeSignal } from '../signal.js';
import type { UploadedFile } from './responses.js';

export interface RecordedCall {
  method: string;
  /** Decoded path after /api/v10, e.g. '/webhooks/123/abc/messages/@original'. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or multipart payload_json); undefined when there was none. */
  body: unknown;
  files: UploadedFile[];
  headers: Record<string, string>;
  /** Date.now() when the request arrived. */
  at: number;
  status: number;
  response: unknown;
}

export type CallPredicate = (call: RecordedCall) => boolean;

export class CallLog {
  readonly calls: RecordedCall[] = [];
  readonly signal = new ChangeSignal();
  private readonly observers: Array<(call: RecordedCall) => void> = [];

  record(call: RecordedCall): void {
    this.calls.push(call);
    for (const observe of this.observers) observe(call);
    this.signal.notify();
  }

  observe(observer: (call: RecordedCall) => void): void {
    this.observers.push(observer);
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Resolves with the first recorded call (past or future) matching the predicate. */
  waitFor(predicate: CallPredicate, timeoutMs: number): Promise<RecordedCall> {
    return this.signal.waitFor(
      () => this.calls.find(predicate),
      timeoutMs,
      () => `a REST call matching ${predicate.toString()} (saw: ${this.calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ') || 'none'})`,
    );
  }
}
