/**
 * Elects the one process that sends broadcasts: a named lease row taken and renewed by a conditional
 * update with an expiry. Holding it is what makes the in-process rate budgets correct for the whole
 * deployment; losing it stops new sends (row leases still protect every delivery).
 */
import { isUniqueViolation, type Database } from '../db/client';
import type { Clock } from './clock';

export const SENDER_LEASE = 'broadcast-sender';

export class SenderLease {
  private heldUntil = 0;

  constructor(
    private readonly db: Database,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly name = SENDER_LEASE,
  ) {}

  /** Whether this process holds the lease now, by its own last successful renewal. */
  get held(): boolean {
    return this.clock.now() < this.heldUntil;
  }

  /** Takes the lease if it is free or expired, or renews it if ours. */
  async acquire(): Promise<boolean> {
    const now = this.clock.now();
    const until = now + this.ttlMs;
    // A plain read first: while another process holds it, waiting never takes SQLite's write lock.
    const row = await this.db.prisma.workerLease.findUnique({ where: { name: this.name } });
    if (row && row.owner !== this.owner && row.expiresAt.getTime() >= now) {
      this.heldUntil = 0;
      return false;
    }
    try {
      const got = await this.db.write(async (tx) => {
        const { count } = await tx.workerLease.updateMany({
          where: { name: this.name, OR: [{ owner: this.owner }, { expiresAt: { lt: new Date(now) } }] },
          data: { owner: this.owner, expiresAt: new Date(until) },
        });
        if (count === 1) return true;
        if (await tx.workerLease.findUnique({ where: { name: this.name }, select: { name: true } })) return false;
        await tx.workerLease.create({ data: { name: this.name, owner: this.owner, expiresAt: new Date(until) } });
        return true;
      });
      // Counted from before the write, so we never believe we hold it longer than the database does.
      this.heldUntil = got ? until : 0;
      return got;
    } catch (error) {
      if (isUniqueViolation(error)) {
        this.heldUntil = 0;
        return false;
      }
      throw error;
    }
  }

  /** Gives the lease up (graceful shutdown), so another process can take over at once. */
  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.db.write((tx) => tx.workerLease.updateMany({ where: { name: this.name, owner: this.owner }, data: { expiresAt: new Date(0) } }));
  }
}
