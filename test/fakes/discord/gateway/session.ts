/** One gateway session: its sequence, its intents, and the dispatches it was sent, for replay on RESUME. */
import { randomToken } from '../snowflake.js';

export interface SentDispatch {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

/** Discord keeps a bounded backlog; so does the fake. */
const BACKLOG = 1_000;

export class GatewaySession {
  readonly id = Buffer.from(randomToken(16)).toString('hex').slice(0, 32);
  sequence = 0;
  readonly backlog: SentDispatch[] = [];

  constructor(readonly intents: number) {}

  next(t: string, d: unknown): SentDispatch {
    this.sequence += 1;
    const dispatch: SentDispatch = { op: 0, t, s: this.sequence, d };
    this.backlog.push(dispatch);
    if (this.backlog.length > BACKLOG) this.backlog.shift();
    return dispatch;
  }

  /** Whether a RESUME from `seq` can be served from the backlog. */
  canReplayFrom(seq: number): boolean {
    const oldest = this.backlog[0]?.s ?? this.sequence + 1;
    return seq >= 0 && seq <= this.sequence && seq >= oldest - 1;
  }

  replayFrom(seq: number): SentDispatch[] {
    return this.backlog.filter((d) => d.s > seq);
  }
}
