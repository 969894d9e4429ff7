/** `npm run admin -- broadcast …` and `subscriptions list` on both databases: preview, queue, status, cancel, refusals. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAdminCaptured } from '../helpers/admin';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { BOT_ENV, seedChannels, seedMembers } from './helpers';

describeEachDatabase('admin CLI: broadcasts', (provider) => {
  let t: TestApp;
  let groups: string[];
  beforeAll(async () => {
    t = await createTestApp(provider, BOT_ENV);
    groups = await seedChannels(t.app, 'telegram', 2, 'yue');
    await seedChannels(t.app, 'discord', 1, 'en');
    await seedMembers(t.app, 'telegram', 3);
  });
  afterAll(async () => t?.close());

  const admin = (args: string[]) => runAdminCaptured(args, t.env);

  it('GIVEN texts WHEN run without --yes THEN it previews each rendering with the audience and queues nothing', async () => {
    const r = await admin(['broadcast', '--en', 'Council vote tonight', '--yue', '今晚議會投票', '--petition', 'bristol-guangzhou']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/── English readers \(4\) ──\nCouncil vote tonight\n\[✍️ Sign: Terminate the sister city deal/);
    expect(r.out).toMatch(/── Cantonese readers \(2\) ──\n今晚議會投票\n\[✍️ 簽：終止布里斯托/);
    expect(r.out).toMatch(/would go to 3 groups and channels and 3 members \(6 in all\)\nnothing queued/);
    expect(await t.app.db.prisma.broadcast.count()).toBe(0);
  });

  it('GIVEN --yes WHEN queued THEN it prints the id, status follows it, cancel stops it once, and each step is audited', async () => {
    const r = await admin(['broadcast', '--en', 'Rally on Sunday', '--audience', 'channels', '--yes']);
    expect(r.code).toBe(0);
    const id = r.out.trim();
    expect(r.err).toMatch(/queued for 3 recipients \(3 groups and channels, 0 members\)/);
    expect(await t.app.db.prisma.broadcastDelivery.count({ where: { broadcastId: id } })).toBe(3);
    expect((await admin(['broadcast', 'status', id])).out).toMatch(new RegExp(`^${id}\tqueued\tsent 0/3\tfailed 0\tunknown 0\tcancelled 0\tskipped 0\twaiting 3`));
    expect((await admin(['broadcast', 'list'])).out).toContain(`${id}\t`);
    expect(await admin(['broadcast', 'cancel', id])).toMatchObject({ code: 0, out: `${id} cancelled: 3 deliveries will not be sent` });
    expect(await admin(['broadcast', 'cancel', id])).toMatchObject({ code: 1, err: `error: broadcast ${id} is already cancelled` });
    const audit = await t.app.db.prisma.auditLog.findMany({ where: { subject: id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([['cli', 'broadcast.queued'], ['cli', 'broadcast.cancelled']]);
  });

  it('GIVEN a bad request WHEN run THEN it says what is wrong, with a usage exit code, and queues nothing', async () => {
    await t.app.db.write((tx) => tx.broadcast.deleteMany({}));
    expect(await admin(['broadcast', '--en', 'x', '--audience', 'followers', '--yes'])).toMatchObject({ code: 2, err: 'error: The followers audience needs a petition attached.' });
    expect((await admin(['broadcast', '--en', 'x'.repeat(2000), '--yes'])).err).toMatch(/That's 2,000 characters; an update can have at most 1,900/);
    expect((await admin(['broadcast', '--yes'])).err).toMatch(/needs some text/);
    expect((await admin(['broadcast', '--en', 'x', '--audience', 'everyone'])).code).toBe(2);
    expect((await admin(['broadcast', '--en', 'x', '--petition', 'no-such', '--yes'])).code).toBe(1);
    expect((await admin(['broadcast', 'status', 'nope'])).code).toBe(1);
    expect(await t.app.db.prisma.broadcast.count()).toBe(0);
  });

  it('GIVEN subscriptions WHEN listed THEN active ones come first and switched-off ones show the reason', async () => {
    await t.app.broadcasts.chatGone({ platform: 'telegram', chatId: groups[0]! }, '403: Forbidden: bot was kicked from the group chat');
    const r = await admin(['subscriptions', 'list']);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toBe(`telegram\t${groups[0]}\t-\tyue\twhole campaign\toff (403: Forbidden: bot was kicked from the group chat)`);
    expect(await t.app.db.prisma.auditLog.count({ where: { action: 'subscription.off', actor: 'platform' } })).toBe(1);
  });
});
