/**
 * Delivery rows as a work queue with leases, by conditional updates only, so it behaves the same on
 * SQLite and PostgreSQL and with any number of workers:
 *   claim:   pending (or claimed with an expired lease) → claimed, with a fresh token per batch
 *   start:   claimed + our token → sending, just before the platform call
 *   finish:  sending + our token → sent | failed | pending (retry) | unknown
 * A row whose token changed was taken over; its old holder's conditional updates then match nothing.
 * A row left in sending after its lease is an interrupted send: we cannot know whether the platform
 * got it, so it becomes unknown and is never sent again (or, on a transport whose repeats are
 * harmless, is retried with the same idempotency key).
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client';
import type { Platform } from '../engine/types';
import type { Clock } from './clock';
import type { PlannedTarget } from './outbox';
import type { UpdateLang } from './types';

/** A planned target as stored in the outbox, claimed by this worker. */
export interface ClaimedDelivery extends PlannedTarget {
  id: string;
  broadcastId: string;
  attempts: number;
  /** The claim token: proof that this worker still holds the row. */
  token: string;
}

export interface QueueOptions {
  /** How long a claimed batch is ours before another worker may take it over. */
  claimLeaseMs: number;
  /** How long a started send may take before it counts as interrupted. Transports must time out well within it. */
  sendLeaseMs: number;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = { claimLeaseMs: 60_000, sendLeaseMs: 30_000 };

/** Failure reasons are stored; long digit runs (ids) are cut out so no member id can end up in the database. */
export function safeReason(reason: string): string {
  return reason.replace(/\d{5,}/g, '…').slice(0, 300);
}

export class DeliveryQueue {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: QueueOptions = DEFAULT_QUEUE_OPTIONS,
  ) {}

  private date(offsetMs = 0): Date {
    return new Date(this.clock.now() + offsetMs);
  }

  /**
   * Takes up to `limit` deliveries that are due, oldest first, from broadcasts still going. A claimer
   * that lost every candidate to a concurrent one looks again, so it never reports "nothing due" while
   * there is.
   */
  async claim(platform: Platform, limit: number): Promise<ClaimedDelivery[]> {
    for (let attempt = 1; ; attempt++) {
      const { rows, contended } = await this.claimOnce(platform, limit);
      if (rows.length > 0 || !contended || attempt >= 5) return rows;
    }
  }

  private async claimOnce(platform: Platform, limit: number): Promise<{ rows: ClaimedDelivery[]; contended: boolean }> {
    const token = randomBytes(9).toString('base64url');
    const now = this.date();
    const claimable = [{ status: 'pending', notBefore: { lte: now } }, { status: 'claimed', leaseUntil: { lt: now } }];
    // A plain read first: an idle poll never takes SQLite's write lock.
    const due = await this.db.prisma.broadcastDelivery.findFirst({ where: { platform, OR: claimable, broadcast: { status: { in: ['queued', 'sending'] } } }, select: { id: true } });
    if (!due) return { rows: [], contended: false };
    return this.db.write(async (tx) => {
      const candidates = await tx.broadcastDelivery.findMany({
        where: { platform, OR: claimable, broadcast: { status: { in: ['queued', 'sending'] } } },
        orderBy: [{ notBefore: 'asc' }, { id: 'asc' }],
        take: limit,
        select: { id: true },
      });
      if (candidates.length === 0) return { rows: [], contended: false };
      // The condition is evaluated again on the row itself: on PostgreSQL a concurrent claimer's
      // committed update makes it false, on SQLite the write lock orders claimers.
      await tx.broadcastDelivery.updateMany({
        where: { id: { in: candidates.map((c) => c.id) }, OR: claimable },
        data: { status: 'claimed', leaseOwner: token, leaseUntil: this.date(this.options.claimLeaseMs) },
      });
      const rows = await tx.broadcastDelivery.findMany({ where: { leaseOwner: token, status: 'claimed' }, orderBy: [{ notBefore: 'asc' }, { id: 'asc' }] });
      const claimed = rows.map((r) => ({
        id: r.id,
        broadcastId: r.broadcastId,
        platform: r.platform as Platform,
        kind: r.kind as 'channel' | 'member',
        targetKey: r.targetKey,
        chatId: r.chatId,
        addressEnc: r.addressEnc,
        subscriptionId: r.subscriptionId,
        lang: r.lang as UpdateLang,
        attempts: r.attempts,
        token,
      }));
      return { rows: claimed, contended: claimed.length === 0 };
    });
  }

  /** Marks the send as started; false when the row is no longer ours (cancelled, taken over, target gone). */
  async start(d: ClaimedDelivery): Promise<boolean> {
    const { count } = await this.db.write((tx) =>
      tx.broadcastDelivery.updateMany({
        where: { id: d.id, leaseOwner: d.token, status: 'claimed' },
        data: { status: 'sending', leaseUntil: this.date(this.options.sendLeaseMs), attempts: { increment: 1 } },
      }),
    );
    return count === 1;
  }

  /** Takes back a start that never reached the platform (the pace was paused meanwhile). */
  async unstart(d: ClaimedDelivery): Promise<void> {
    await this.db.write((tx) =>
      tx.broadcastDelivery.updateMany({
        where: { id: d.id, leaseOwner: d.token, status: 'sending' },
        data: { status: 'claimed', leaseUntil: this.date(this.options.claimLeaseMs), attempts: { decrement: 1 } },
      }),
    );
  }

  /** The platform took it. Also corrects a row already marked unknown by an impatient recovery. */
  async sent(d: ClaimedDelivery, messageId: string): Promise<void> {
    await this.db.write((tx) =>
      tx.broadcastDelivery.updateMany({
        where: { id: d.id, leaseOwner: d.token, status: { in: ['sending', 'unknown'] } },
        data: { status: 'sent', messageId, sentAt: this.date(), error: null, leaseUntil: null },
      }),
    );
  }

  async failed(d: ClaimedDelivery, reason: string, status: 'failed' | 'unknown' = 'failed'): Promise<void> {
    await this.db.write((tx) =>
      tx.broadcastDelivery.updateMany({
        where: { id: d.id, leaseOwner: d.token, status: { in: ['sending', 'unknown'] } },
        data: { status, error: safeReason(reason), leaseUntil: null },
      }),
    );
  }

  /**
   * Not delivered, try again after delayMs (429, 5xx, a moved chat). If the broadcast was cancelled
   * meanwhile, the delivery is cancelled instead. Touching the broadcast row first orders this
   * against a concurrent cancel, which updates that row first too.
   */
  async retry(d: ClaimedDelivery, delayMs: number, reason: string, change: { chatId?: string } = {}): Promise<void> {
    await this.db.write(async (tx) => {
      const live = await tx.broadcast.updateMany({ where: { id: d.broadcastId, status: { in: ['queued', 'sending'] } }, data: { updatedAt: this.date() } });
      await tx.broadcastDelivery.updateMany({
        where: { id: d.id, leaseOwner: d.token, status: { in: ['sending', 'claimed'] } },
        data: {
          status: live.count === 1 ? 'pending' : 'cancelled',
          notBefore: this.date(delayMs),
          error: safeReason(reason),
          leaseOwner: null,
          leaseUntil: null,
          ...change,
        },
      });
    });
  }

  /** Gives claimed rows back unsent (a chat that will not be free for a while, or shutdown). */
  async release(rows: ClaimedDelivery[], notBefore: (d: ClaimedDelivery) => number = () => this.clock.now()): Promise<void> {
    if (rows.length === 0) return;
    await this.db.write(async (tx) => {
      for (const d of rows) {
        await tx.broadcastDelivery.updateMany({
          where: { id: d.id, leaseOwner: d.token, status: 'claimed' },
          data: { status: 'pending', notBefore: new Date(notBefore(d)), leaseOwner: null, leaseUntil: null },
        });
      }
    });
  }

  /**
   * Deals with sends interrupted by a crash (sending, lease expired). With an idempotent transport
   * and a send started within `retryWithinMs`, it goes back to pending; otherwise it is unknown.
   */
  async recover(platform: Platform, idempotent: boolean, retryWithinMs = 120_000): Promise<{ unknown: number; retried: number }> {
    const now = this.date();
    const interrupted = await this.db.prisma.broadcastDelivery.findFirst({ where: { platform, status: 'sending', leaseUntil: { lt: now } }, select: { id: true } });
    if (!interrupted) return { unknown: 0, retried: 0 };
    return this.db.write(async (tx) => {
      let retried = 0;
      if (idempotent) {
        // leaseUntil - sendLeaseMs is when the send started.
        const recent = new Date(now.getTime() - retryWithinMs + this.options.sendLeaseMs);
        retried = (
          await tx.broadcastDelivery.updateMany({
            where: { platform, status: 'sending', leaseUntil: { lt: now, gte: recent } },
            data: { status: 'pending', notBefore: now, leaseOwner: null, leaseUntil: null, error: 'interrupted after send started; repeated with the same idempotency key' },
          })
        ).count;
      }
      const unknown = (
        await tx.broadcastDelivery.updateMany({
          where: { platform, status: 'sending', leaseUntil: { lt: now } },
          data: { status: 'unknown', error: 'interrupted after send started; not repeated', leaseUntil: null },
        })
      ).count;
      return { unknown, retried };
    });
  }
}
