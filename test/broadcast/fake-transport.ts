/**
 * An in-memory platform for the broadcast worker: it checks every send against the platform's real
 * documented limits (not the worker's own policy), answers 429 on a breach and records it, and can
 * be scripted to fail chosen sends.
 */
import type { BroadcastTransport, Clock, DeliveryTarget, ProgressRequest, RatePolicy, SendOutcome, SendRequest } from '../../src';
import { DISCORD_POLICY, TELEGRAM_POLICY, toPlain } from '../../src';

interface Window {
  max: number;
  span: number;
}

/** What the platforms document, which the fake enforces. */
const LIMITS = {
  telegram: { global: { max: 30, span: 1000 }, member: { max: 1, span: 1000 }, channel: { max: 20, span: 60_000 }, memberCost: 1 },
  discord: { global: { max: 50, span: 1000 }, member: { max: 5, span: 5000 }, channel: { max: 5, span: 5000 }, memberCost: 2 },
} as const;

export function targetId(t: DeliveryTarget): string {
  return t.kind === 'channel' ? `c:${t.chatId}` : `m:${t.address}`;
}

export interface Received {
  target: string;
  at: number;
  text: string;
  buttons: string[];
  idempotencyKey: string;
}

export class FakeTransport implements BroadcastTransport {
  readonly policy: RatePolicy;
  readonly idempotent: boolean;
  readonly received: Received[] = [];
  readonly breaches: string[] = [];
  readonly progress: (ProgressRequest & { at: number })[] = [];
  /** Sends answered so far, per target (including failures). */
  readonly calls = new Map<string, number>();
  tooManyRequests = 0;
  /** Return an outcome to fail this call instead of delivering it. */
  script: (request: SendRequest, call: number) => SendOutcome | undefined = () => undefined;
  /** Sends hang (never answer) while this is set: a process frozen or killed mid-send. */
  hang = false;
  private readonly hung: (() => void)[] = [];
  private readonly history = new Map<string, number[]>();
  private nextId = 1;

  constructor(
    readonly platform: 'telegram' | 'discord',
    private readonly clock: Clock,
    private readonly latencyMs = 0,
    options: { policy?: RatePolicy; idempotent?: boolean } = {},
  ) {
    this.policy = options.policy ?? (platform === 'telegram' ? TELEGRAM_POLICY : DISCORD_POLICY);
    this.idempotent = options.idempotent ?? false;
  }

  /** Times each target got the message (delivered, not failed). */
  countsByTarget(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received) counts.set(r.target, (counts.get(r.target) ?? 0) + 1);
    return counts;
  }

  releaseHung(): void {
    for (const r of this.hung.splice(0)) r();
  }

  private admit(target: DeliveryTarget, now: number): string | null {
    const limits = LIMITS[this.platform];
    const cost = target.kind === 'member' ? limits.memberCost : 1;
    const windows: [string, Window, number][] = [
      ['global', limits.global, cost],
      [targetId(target), target.kind === 'member' ? limits.member : limits.channel, 1],
    ];
    for (const [key, w, n] of windows) {
      const recent = (this.history.get(key) ?? []).filter((at) => at > now - w.span);
      this.history.set(key, recent);
      if (recent.length + n > w.max) return `${key}: ${recent.length + n} sends within ${w.span} ms (limit ${w.max}) at ${now}`;
    }
    for (const [key, , n] of windows) for (let i = 0; i < n; i++) this.history.get(key)!.push(now);
    return null;
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const now = this.clock.now();
    const key = targetId(request.target);
    const call = (this.calls.get(key) ?? 0) + 1;
    this.calls.set(key, call);
    const breach = this.admit(request.target, now);
    if (breach) {
      this.breaches.push(breach);
      this.tooManyRequests++;
      return { kind: 'rateLimited', retryAfterMs: 1000 };
    }
    const scripted = this.script(request, call);
    if (!scripted) {
      this.received.push({
        target: key,
        at: now,
        text: toPlain(request.message.text),
        buttons: request.message.buttons.flat().map((b) => b.label),
        idempotencyKey: request.idempotencyKey,
      });
    }
    if (this.hang) {
      await new Promise<void>((resolve) => this.hung.push(resolve));
      return { kind: 'unknown', reason: 'the process died' };
    }
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
    return scripted ?? { kind: 'sent', messageId: String(this.nextId++) };
  }

  async showProgress(request: ProgressRequest): Promise<{ messageId: string }> {
    this.progress.push({ ...request, at: this.clock.now() });
    return { messageId: request.messageId ?? 'progress-1' };
  }
}
