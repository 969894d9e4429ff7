/**
 * The worker end to end against fake platforms that enforce the documented limits, on both
 * databases, with a clock running five times faster than real time.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { acceleratedClock, openDatabase, type BroadcastProgress, type BroadcastWorker } from '../../src';
import { BroadcastWorker as Worker, cancelBroadcast } from '../../src/broadcast';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { FakeTransport } from './fake-transport';
import { BOT_ENV, freezable, queue, seedChannels, seedMembers, statuses, waitDone, waitFor } from './helpers';

const SPEED = 8;

function progressText(fake: FakeTransport): string {
  return fake.progress.at(-1)?.text.map((s) => s.text).join('') ?? '';
}

describeEachDatabase('broadcast worker', (provider) => {
  let t: TestApp;
  const running: BroadcastWorker[] = [];
  beforeAll(async () => {
    t = await createTestApp(provider, BOT_ENV);
  });
  afterEach(async () => {
    for (const w of running.splice(0)) await w.stop();
    await t.app.db.write(async (tx) => {
      await tx.broadcast.deleteMany({});
      await tx.subscription.deleteMany({});
      await tx.memberPreference.deleteMany({});
    });
  });
  afterAll(async () => t?.close());

  function start(transports: FakeTransport[], clock: ReturnType<typeof acceleratedClock>, settings: Parameters<TestApp['app']['broadcasts']['startWorker']>[1] = {}): BroadcastWorker {
    const worker = t.app.broadcasts.startWorker(transports, { clock, pollMs: 200, ...settings });
    running.push(worker);
    return worker;
  }

  it('GIVEN 1,000 Telegram targets and 200 Discord channels WHEN an update is sent THEN each gets it exactly once, no limit is crossed, and the author sees progress', async () => {
    const members = await seedMembers(t.app, 'telegram', 900, (i) => (i % 2 ? 'yue' : 'en'));
    const groups = await seedChannels(t.app, 'telegram', 100, 'both');
    const channels = await seedChannels(t.app, 'discord', 200, 'en');
    const { id, total } = await queue(t.app, {}, { platform: 'telegram', address: '777001' });
    expect(total).toBe(1200);
    const clock = acceleratedClock(SPEED);
    const telegram = new FakeTransport('telegram', clock, 40);
    const discord = new FakeTransport('discord', clock, 40);
    const reports: BroadcastProgress[] = [];
    start([telegram, discord], clock, { onProgress: (p) => reports.push(p) });

    const final = await waitDone(t.app, id, 60_000);
    expect(final).toMatchObject({ sent: 1200, failed: 0, unknown: 0, remaining: 0, status: 'done' });
    expect(telegram.breaches).toEqual([]);
    expect(discord.breaches).toEqual([]);
    const tg = telegram.countsByTarget();
    const dc = discord.countsByTarget();
    expect(tg.size).toBe(1000);
    expect(dc.size).toBe(200);
    expect([...tg.values(), ...dc.values()].every((n) => n === 1)).toBe(true);
    for (const m of members) expect(tg.get(`m:${m}`)).toBe(1);
    for (const g of groups) expect(tg.get(`c:${g}`)).toBe(1);
    for (const c of channels) expect(dc.get(`c:${c}`)).toBe(1);
    // Each language as chosen: members in theirs, groups in both, Discord channels in English.
    expect(telegram.received.find((r) => r.target === `m:${members[1]}`)!.text).toBe('星期二議會投票');
    expect(telegram.received.find((r) => r.target === `m:${members[0]}`)!.text).toBe('Council vote on Tuesday');
    expect(telegram.received.find((r) => r.target === `c:${groups[0]}`)!.text).toMatch(/Council vote on Tuesday[\s\S]+星期二議會投票/);
    expect(discord.received[0]!.text).toBe('Council vote on Tuesday');

    const sent = reports.map((r) => r.sent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(reports.at(-1)).toMatchObject({ done: true, sent: 1200 });
    // One progress message, sent once and then edited, ending with the summary.
    expect(telegram.progress.length).toBeGreaterThan(2);
    expect(telegram.progress.slice(1).every((p) => p.messageId === 'progress-1')).toBe(true);
    expect(telegram.progress.at(-1)!.address).toBe('777001');
    await waitFor('the summary', async () => /finished: 1,200 of 1,200 sent, 0 failed/.test(progressText(telegram)));
    expect(await t.app.db.prisma.auditLog.count({ where: { action: 'broadcast.finished', subject: id } })).toBe(1);
  });

  it('GIVEN a 429 WHEN it comes back THEN nothing is sent until retry_after has passed and the target gets it once', async () => {
    const members = await seedMembers(t.app, 'telegram', 60);
    const { id } = await queue(t.app, { audience: 'members' });
    const clock = acceleratedClock(SPEED);
    const telegram = new FakeTransport('telegram', clock);
    let limitedAt = 0;
    telegram.script = (req, call) => {
      if (req.target.kind === 'member' && req.target.address === members[10] && call === 1) {
        limitedAt = clock.now();
        return { kind: 'rateLimited', retryAfterMs: 3000 };
      }
      return undefined;
    };
    start([telegram], clock);
    await waitDone(t.app, id);
    expect(await statuses(t.app, id)).toEqual({ sent: 60 });
    expect(telegram.countsByTarget().get(`m:${members[10]}`)).toBe(1);
    const during = telegram.received.filter((r) => r.at > limitedAt && r.at < limitedAt + 3000);
    expect(during).toEqual([]);
  });

  it('GIVEN failures WHEN sending THEN 5xx is retried, permanent refusals are recorded, a removed bot switches the subscription off, and a moved group is followed', async () => {
    const [flaky, broken, missing, blocked, ...rest] = await seedMembers(t.app, 'telegram', 10);
    const [kicked, migrated, ...groups] = await seedChannels(t.app, 'telegram', 5);
    const { id } = await queue(t.app);
    const clock = acceleratedClock(SPEED);
    const telegram = new FakeTransport('telegram', clock);
    telegram.script = (req, call) => {
      const who = req.target.kind === 'member' ? req.target.address : req.target.chatId;
      if (who === flaky && call <= 2) return { kind: 'transient', reason: 'HTTP 502 Bad Gateway' };
      if (who === broken) return { kind: 'transient', reason: 'HTTP 500 Internal Server Error' };
      if (who === missing) return { kind: 'permanent', reason: `400: Bad Request: chat ${missing} not found` };
      if (who === blocked) return { kind: 'permanent', reason: '403: Forbidden: bot was blocked by the user', targetGone: true };
      if (who === kicked) return { kind: 'permanent', reason: '403: Forbidden: bot was kicked from the supergroup chat', targetGone: true };
      if (who === migrated) return { kind: 'moved', chatId: '-1009999999999' };
      return undefined;
    };
    start([telegram], clock, { maxAttempts: 3, retryBaseMs: 200 });
    const final = await waitDone(t.app, id);
    expect(final).toMatchObject({ total: 15, sent: 11, failed: 4 });
    const counts = telegram.countsByTarget();
    expect(counts.get(`m:${flaky}`)).toBe(1);
    expect(telegram.calls.get(`m:${flaky}`)).toBe(3);
    expect(telegram.calls.get(`m:${broken}`)).toBe(3);
    expect(counts.get('c:-1009999999999')).toBe(1);
    for (const m of rest) expect(counts.get(`m:${m}`)).toBe(1);
    for (const g of groups) expect(counts.get(`c:${g}`)).toBe(1);

    const rows = await t.app.db.prisma.broadcastDelivery.findMany({ where: { broadcastId: id, status: 'failed' } });
    const reasons = rows.map((r) => r.error).sort();
    expect(reasons).toEqual([
      '403: Forbidden: bot was blocked by the user',
      '403: Forbidden: bot was kicked from the supergroup chat',
      expect.stringMatching(/^gave up after 3 tries: HTTP 500/),
      '400: Bad Request: chat … not found',
    ].sort() as string[]);
    // No member id ended up in a stored reason.
    expect(JSON.stringify(rows)).not.toContain(missing!);

    const off = await t.app.db.prisma.subscription.findUniqueOrThrow({ where: { platform_chatId: { platform: 'telegram', chatId: kicked! } } });
    expect(off).toMatchObject({ active: false, endedReason: '403: Forbidden: bot was kicked from the supergroup chat' });
    expect(await t.app.db.prisma.subscription.count({ where: { chatId: '-1009999999999', active: true } })).toBe(1);
    expect(await t.app.db.prisma.memberAddress.count()).toBe(9);
    expect(await t.app.db.prisma.memberPreference.count({ where: { updatesOptIn: false } })).toBe(1);
    expect(await t.app.db.prisma.auditLog.count({ where: { action: 'subscription.off', subject: `telegram:${kicked}` } })).toBe(1);
  });

  it('GIVEN a broadcast under way WHEN it is cancelled THEN what was not started is cancelled and the author gets the summary', async () => {
    await seedMembers(t.app, 'telegram', 200);
    const { id } = await queue(t.app, { audience: 'members' }, { platform: 'telegram', address: '777002' });
    const clock = acceleratedClock(SPEED);
    const telegram = new FakeTransport('telegram', clock, 100);
    start([telegram], clock, { maxInFlight: 8 });
    await waitFor('30 sends', async () => telegram.received.length >= 30);
    const result = await t.app.db.write((tx) => cancelBroadcast(tx, id, 'test', new Date()));
    expect(result.kind).toBe('cancelled');
    const atCancel = telegram.received.length;
    const final = await waitDone(t.app, id);
    expect(final.status).toBe('cancelled');
    expect(final.sent + final.cancelled).toBe(200);
    // Only sends already in flight went out after the cancel.
    expect(telegram.received.length - atCancel).toBeLessThanOrEqual(8);
    expect(final.sent).toBe(telegram.received.length);
    await waitFor('the summary', async () => /was stopped/.test(progressText(telegram)));
  });

  it('GIVEN the sending process dies mid-broadcast WHEN another starts THEN it resumes: no target twice, none skipped but those in flight at the crash', async () => {
    const members = await seedMembers(t.app, 'telegram', 200);
    const { id } = await queue(t.app, { audience: 'members' });
    const clock = acceleratedClock(SPEED);
    const leases = { senderLeaseMs: 3000, queue: { claimLeaseMs: 3000, sendLeaseMs: 3000 } };
    // Two clients model two processes on PostgreSQL; SQLite's one connection is shared in-process.
    const second = provider === 'postgresql' ? await openDatabase(t.env.DATABASE_URL!) : null;
    const dying = freezable(second ?? t.app.db);
    const before = new FakeTransport('telegram', clock, 30);
    new Worker({ db: dying.db, cipher: t.app.services.cipher, translator: t.app.services.translator, log: t.app.log, transports: [before], clock, pollMs: 200, workerId: 'a', ...leases }).start();
    await waitFor('60 sends', async () => before.received.length >= 60);
    // The process dies mid-send: the platform got the messages in flight, but no answer is ever recorded.
    before.hang = true;
    await new Promise((resolve) => setTimeout(resolve, 50));
    dying.freeze();
    const after = new FakeTransport('telegram', clock, 30);
    start([after], clock, { workerId: 'b', ...leases });
    await waitDone(t.app, id);
    await second?.close();

    const counts = new Map<string, number>();
    for (const r of [...before.received, ...after.received]) counts.set(r.target, (counts.get(r.target) ?? 0) + 1);
    expect(members.every((m) => counts.get(`m:${m}`) === 1)).toBe(true);
    const s = await statuses(t.app, id);
    expect((s.sent ?? 0) + (s.unknown ?? 0)).toBe(200);
    // Only sends in flight at the crash are unknown; the new worker never repeated them.
    expect(s.unknown ?? 0).toBeGreaterThan(0);
    expect(s.unknown ?? 0).toBeLessThanOrEqual(32);
  });

  it('GIVEN two workers WHEN both run THEN only the elected one sends, and the other takes over when it stops', async () => {
    await seedMembers(t.app, 'telegram', 40);
    const clock = acceleratedClock(SPEED);
    const one = new FakeTransport('telegram', clock);
    const two = new FakeTransport('telegram', clock);
    const w1 = start([one], clock, { workerId: 'one' });
    const w2 = start([two], clock, { workerId: 'two' });
    const first = await queue(t.app, { audience: 'members' });
    await waitDone(t.app, first.id);
    expect([one.received.length, two.received.length].sort((a, b) => a - b)).toEqual([0, 40]);
    const [leader, follower, followerFake] = one.received.length > 0 ? [w1, w2, two] : [w2, w1, one];
    await leader.stop();
    const second = await queue(t.app, { audience: 'members' });
    await waitDone(t.app, second.id);
    expect(followerFake.received.length).toBe(40);
    expect(follower.isSender).toBe(true);
  });
});
