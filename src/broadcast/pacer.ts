/**
 * Paces one platform's sends within its rate policy: even spacing per bot and per chat, one send
 * started at a time. Correct across processes because only the elected sender process sends (see
 * worker.ts); this state lives in that one process.
 */
import type { Clock } from './clock';
import { spacingMs, type RatePolicy } from './policy';
import type { DeliveryTarget } from './types';

const GLOBAL = '*';

/** A send marked as started and ready to go: fire it now, or take the mark back unsent. */
export interface PreparedSend {
  fire(): void;
  undo(): Promise<void>;
}

export function chatKey(target: DeliveryTarget): string {
  return target.kind === 'channel' ? `c:${target.chatId}` : `m:${target.address}`;
}

export class Pacer {
  /** Earliest start of the next send, per key (GLOBAL for the bot). */
  private readonly next = new Map<string, number>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly policy: RatePolicy,
    private readonly clock: Clock,
  ) {}

  /** When a send to this chat may start, by the chat's own limit (the bot-wide limit aside). */
  chatReadyAt(target: DeliveryTarget): number {
    return this.next.get(chatKey(target)) ?? 0;
  }

  /** Holds back every send (a global 429) or one chat's sends until `ms` from now. */
  pause(ms: number, target?: DeliveryTarget): void {
    const key = target ? chatKey(target) : GLOBAL;
    this.next.set(key, Math.max(this.next.get(key) ?? 0, this.clock.now() + ms));
  }

  /**
   * Waits for this target's slot, then runs `prepare` (the database write that marks the send as
   * started), which returns how to fire the send and how to take the mark back, or null to give the
   * slot up. The send fires right after it is marked, so a crash leaves almost nothing marked and
   * unsent; if a pause (a 429) arrived meanwhile, the mark is taken back and the turn waits again.
   * Turns are taken one at a time, so no two sends squeeze into one slot; the time the preparation
   * takes counts as lateness, which the bot-wide pace absorbs (see advance).
   */
  turn(target: DeliveryTarget, prepare: () => Promise<PreparedSend | null>): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const began = this.clock.now();
      const key = chatKey(target);
      const readyAt = (): number => Math.max(this.next.get(GLOBAL) ?? 0, this.next.get(key) ?? 0);
      for (;;) {
        await this.until(readyAt);
        const send = await prepare();
        if (!send) return false;
        if (readyAt() > this.clock.now()) {
          await send.undo();
          continue;
        }
        send.fire();
        const at = this.clock.now();
        const spacing = spacingMs(this.policy.global, this.policy.marginMs);
        this.advance(GLOBAL, at, began, this.policy.cost[target.kind] * spacing, Math.max(this.policy.marginMs / 2, this.policy.catchUpSlots * spacing));
        this.advance(key, at, began, spacingMs(this.policy.perChat[target.kind], this.policy.marginMs), this.policy.marginMs / 2);
        return true;
      }
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * The next slot: one spacing after the previous slot, so that timers firing a little late do not
   * slow the pace, but never more than `tolerance` earlier than one spacing after this send. Any
   * n + 1 sends therefore span at least n spacings minus the tolerance. For a chat the tolerance is
   * half the margin; for the bot it may be whole slots (policy.catchUpSlots), as the global limit is
   * kept below the platform's by that much. A key that was idle starts afresh one spacing after the
   * send, so the slack is made up only for turns that waited and fired late.
   */
  private advance(key: string, at: number, began: number, spacing: number, tolerance: number): void {
    const slot = this.next.get(key);
    // A slot already past when the turn began: nobody was waiting for it, the key was idle (a fresh
    // pacer, the start of a broadcast), not late. Idle time is not made up, or the first two sends
    // would go out together and use the policy's spare slot before any jitter could.
    if (slot === undefined || slot < began) {
      this.next.set(key, at + spacing);
      return;
    }
    this.next.set(key, Math.max(slot + spacing, at + spacing - tolerance));
  }

  private async until(time: () => number): Promise<void> {
    for (let wait = time() - this.clock.now(); wait > 0; wait = time() - this.clock.now()) await this.clock.sleep(wait);
  }

  /** Drops per-chat entries that no longer hold anything back, so memory stays bounded. */
  prune(): void {
    const now = this.clock.now();
    for (const [key, at] of this.next) if (key !== GLOBAL && at <= now) this.next.delete(key);
  }
}
