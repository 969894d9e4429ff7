/** The outbox's leases on both databases: concurrent claimers get each delivery once; takeovers, interruptions, cancels. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src';
import { cancelBroadcast, DeliveryQueue, SenderLease, type ClaimedDelivery } from '../../src/broadcast';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { BOT_ENV, manualClock, queue, seedMembers, statuses } from './helpers';

describeEachDatabase('broadcast outbox leases', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, BOT_ENV);
  });
  afterAll(async () => t?.close());

  async function clearOutbox(): Promise<void> {
    await t.app.db.write(async (tx) => {
      await tx.broadcast.deleteMany({});
      await tx.memberAddress.deleteMany({});
      await tx.memberPreference.deleteMany({});
    });
  }

  it('GIVEN 240 deliveries WHEN several workers claim, start and finish them concurrently THEN each is claimed and sent exactly once', async () => {
    await clearOutbox();
    await seedMembers(t.app, 'telegram', 240);
    const { id } = await queue(t.app, { audience: 'members' });
    // Two database clients model two processes on PostgreSQL; SQLite's one connection is shared in-process.
    const clients: Database[] = [t.app.db];
    if (provider === 'postgresql') clients.push(await openDatabase(t.env.DATABASE_URL!));
    const clock = manualClock();
    const started = new Map<string, string[]>();
    try {
      const worker = async (db: Database, name: string): Promise<void> => {
        const q = new DeliveryQueue(db, clock);
        for (;;) {
          const batch = await q.claim('telegram', 7);
          if (batch.length === 0) return;
          for (const d of batch) {
            if (!(await q.start(d))) continue;
            started.set(d.id, [...(started.get(d.id) ?? []), name]);
            await q.sent(d, `msg-${name}`);
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, (_, i) => worker(clients[i % clients.length]!, `w${i}`)));
    } finally {
      for (const c of clients.slice(1)) await c.close();
    }
    expect(started.size).toBe(240);
    expect([...started.values()].filter((names) => names.length !== 1)).toEqual([]);
    expect(await statuses(t.app, id)).toEqual({ sent: 240 });
    // More than one worker did real work: the test exercised contention.
    expect(new Set([...started.values()].flat()).size).toBeGreaterThan(1);
  });

  it('GIVEN a claimed batch whose lease expired WHEN another worker takes it over THEN only the new holder may start each delivery', async () => {
    await clearOutbox();
    await seedMembers(t.app, 'telegram', 10);
    await queue(t.app, { audience: 'members' });
    const clock = manualClock();
    const a = new DeliveryQueue(t.app.db, clock, { claimLeaseMs: 1000, sendLeaseMs: 1000 });
    const b = new DeliveryQueue(t.app.db, clock, { claimLeaseMs: 1000, sendLeaseMs: 1000 });
    const first = await a.claim('telegram', 10);
    expect(first).toHaveLength(10);
    expect(await b.claim('telegram', 10)).toHaveLength(0);
    clock.advance(1500);
    const second = await b.claim('telegram', 10);
    expect(second.map((d) => d.id).sort()).toEqual(first.map((d) => d.id).sort());
    for (const d of first) expect(await a.start(d)).toBe(false);
    for (const d of second) expect(await b.start(d)).toBe(true);
  });

  it('GIVEN a send interrupted by a crash WHEN its lease expires THEN it becomes unknown and is never claimed again, and a late answer still counts', async () => {
    await clearOutbox();
    await seedMembers(t.app, 'telegram', 3);
    const { id } = await queue(t.app, { audience: 'members' });
    const clock = manualClock();
    const q = new DeliveryQueue(t.app.db, clock, { claimLeaseMs: 1000, sendLeaseMs: 1000 });
    const [d1, d2] = await q.claim('telegram', 2);
    expect(await q.start(d1!)).toBe(true);
    expect(await q.start(d2!)).toBe(true);
    clock.advance(1500);
    expect(await q.recover('telegram', false)).toEqual({ unknown: 2, retried: 0 });
    const again = await q.claim('telegram', 10);
    expect(again.map((d) => d.id)).not.toContain(d1!.id);
    expect(again).toHaveLength(1);
    // The slow process was alive after all and heard back from the platform.
    await q.sent(d2!, 'late');
    const rows = await t.app.db.prisma.broadcastDelivery.findMany({ where: { broadcastId: id }, orderBy: { id: 'asc' } });
    expect(rows.find((r) => r.id === d1!.id)).toMatchObject({ status: 'unknown', error: expect.stringMatching(/interrupted after send started/) });
    expect(rows.find((r) => r.id === d2!.id)).toMatchObject({ status: 'sent', messageId: 'late' });
  });

  it('GIVEN an idempotent transport WHEN a send was interrupted THEN it is retried with the same key', async () => {
    await clearOutbox();
    await seedMembers(t.app, 'discord', 1);
    await queue(t.app, { audience: 'members' });
    const clock = manualClock();
    const q = new DeliveryQueue(t.app.db, clock, { claimLeaseMs: 1000, sendLeaseMs: 1000 });
    const [d] = await q.claim('discord', 1);
    await q.start(d!);
    clock.advance(1500);
    expect(await q.recover('discord', true)).toEqual({ unknown: 0, retried: 1 });
    const [again] = await q.claim('discord', 1);
    expect(again!.id).toBe(d!.id);
  });

  it('GIVEN a broadcast in progress WHEN it is cancelled THEN claimed and pending deliveries stop, the one in flight finishes, and a retry after the cancel is cancelled', async () => {
    await clearOutbox();
    await seedMembers(t.app, 'telegram', 6);
    const { id } = await queue(t.app, { audience: 'members' });
    const clock = manualClock();
    const q = new DeliveryQueue(t.app.db, clock);
    const claimed: ClaimedDelivery[] = await q.claim('telegram', 4);
    expect(await q.start(claimed[0]!)).toBe(true);
    expect(await q.start(claimed[1]!)).toBe(true);
    const result = await t.app.db.write((tx) => cancelBroadcast(tx, id, 'test', new Date()));
    expect(result).toEqual({ kind: 'cancelled', stopped: 4 });
    expect(await q.start(claimed[2]!)).toBe(false);
    await q.sent(claimed[0]!, 'm1');
    await q.retry(claimed[1]!, 1000, 'HTTP 502');
    expect(await q.claim('telegram', 10)).toEqual([]);
    expect(await statuses(t.app, id)).toEqual({ sent: 1, cancelled: 5 });
    expect(await t.app.db.prisma.auditLog.count({ where: { action: 'broadcast.cancelled', subject: id } })).toBe(1);
  });

  it('GIVEN two processes WHEN both want to be the sender THEN one holds the lease until it expires or is released', async () => {
    const clock = manualClock();
    const a = new SenderLease(t.app.db, 'process-a', clock, 10_000, 'test-sender');
    const b = new SenderLease(t.app.db, 'process-b', clock, 10_000, 'test-sender');
    const [ga, gb] = await Promise.all([a.acquire(), b.acquire()]);
    expect([ga, gb].filter(Boolean)).toHaveLength(1);
    const [holder, other] = ga ? [a, b] : [b, a];
    expect(await holder.acquire()).toBe(true);
    expect(await other.acquire()).toBe(false);
    clock.advance(11_000);
    expect(await other.acquire()).toBe(true);
    expect(await holder.acquire()).toBe(false);
    await other.release();
    expect(await holder.acquire()).toBe(true);
  });
});
