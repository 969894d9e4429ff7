/**
 * The engine side of updates with plain events, on both databases: /subscribe and /unsubscribe in
 * groups, the /broadcast flow with its admin check on every step, and members' encrypted addresses.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toPlain, type EngineResult, type Reply } from '../../src';
import { renderBroadcast } from '../../src/broadcast';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { Member } from '../helpers/member';
import { BOT_ENV, ChatMember, queue, seedChannels, statuses } from './helpers';

const ADMIN_ROLE = BOT_ENV.DISCORD_ADMIN_ROLE_IDS;

function messages(result: EngineResult): Extract<Reply, { kind: 'message' }>[] {
  return result.replies.filter((r): r is Extract<Reply, { kind: 'message' }> => r.kind === 'message');
}

describeEachDatabase('campaign updates in the engine', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, BOT_ENV);
  });
  afterAll(async () => t?.close());

  const hashOf = (m: Member): string => t.app.engine.memberHash(m.event({ kind: 'text', text: '' }));
  const group = (userId: string, chatId: string, extra: ConstructorParameters<typeof ChatMember>[3] = {}) =>
    new ChatMember(() => t.app, userId, { chatKind: 'group' }, { chatId, chatTitle: 'Bristol Hongkongers', ...extra });

  it('GIVEN a member who is not a group admin WHEN they /subscribe in the group THEN it is refused and nothing is stored', async () => {
    const m = group('31001', '-100310', { isChatAdmin: false });
    await m.send('/subscribe');
    expect(m.text()).toMatch(/Only admins of this group or channel/);
    expect(await t.app.db.prisma.subscription.count({ where: { chatId: '-100310' } })).toBe(0);
  });

  it('GIVEN a group admin WHEN the bot may not post THEN /subscribe says what is missing', async () => {
    const m = group('31002', '-100320', { isChatAdmin: true, botMissing: ['admin', 'post'] });
    await m.send('/subscribe');
    expect(m.text()).toMatch(/can't post updates here yet[\s\S]*admin rights[\s\S]*permission to post messages/);
    expect(await t.app.db.prisma.subscription.count({ where: { chatId: '-100320' } })).toBe(0);
  });

  it('GIVEN a group admin WHEN they subscribe, change it and unsubscribe THEN the group follows what they chose, and the reason is kept', async () => {
    const m = group('31003', '-100330', { isChatAdmin: true, botMissing: [] });
    await m.send('/subscribe yue bristol-guangzhou');
    expect(m.text()).toMatch(/Subscribed: this chat will get updates about “Terminate the sister city deal between Bristol and Guangzhou”, in Cantonese/);
    const row = await t.app.db.prisma.subscription.findUniqueOrThrow({ where: { platform_chatId: { platform: 'telegram', chatId: '-100330' } }, include: { petition: true } });
    expect(row).toMatchObject({ lang: 'yue', active: true, title: 'Bristol Hongkongers' });
    expect(row.petition?.slug).toBe('bristol-guangzhou');
    await m.send('/subscribe both');
    expect(m.text()).toMatch(/Updated: this chat now gets all campaign updates, in English and Cantonese/);
    await m.send('/subscribe en no-such-petition');
    expect(m.text()).toMatch(/can't find a petition called “no-such-petition”/);
    await m.send('/unsubscribe');
    expect(m.text()).toMatch(/Unsubscribed/);
    expect(await t.app.db.prisma.subscription.findUniqueOrThrow({ where: { platform_chatId: { platform: 'telegram', chatId: '-100330' } } })).toMatchObject({ active: false, endedReason: 'unsubscribed' });
    await m.send('/unsubscribe');
    expect(m.text()).toMatch(/isn't subscribed/);
    const audit = await t.app.db.prisma.auditLog.findMany({ where: { subject: 'telegram:-100330' } });
    expect(audit.map((a) => a.action)).toEqual(['subscription.on', 'subscription.changed', 'subscription.off']);
    expect(audit.every((a) => a.actor === `telegram:${hashOf(m)}`)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('31003');
  });

  it('GIVEN a Discord server channel WHEN a member who manages it subscribes THEN the channel is subscribed, with the answer private', async () => {
    const m = new ChatMember(() => t.app, '41001', { platform: 'discord' }, { chatId: '1200000000000000001', guildId: '1300000000000000001', isChatAdmin: true, botMissing: [] });
    const result = await m.send('/subscribe');
    expect(m.text(result.replies)).toMatch(/Subscribed/);
    expect(await t.app.db.prisma.subscription.findUniqueOrThrow({ where: { platform_chatId: { platform: 'discord', chatId: '1200000000000000001' } } })).toMatchObject({ guildId: '1300000000000000001', lang: 'both' });
  });

  it('GIVEN a private chat WHEN a member types /subscribe THEN they are told where it works', async () => {
    const m = new Member(() => t.app, '31004');
    await m.send('/subscribe');
    expect(m.text()).toMatch(/Use \/subscribe in the group or channel/);
  });

  it('GIVEN a member who is not a campaign admin WHEN they try /broadcast or its buttons THEN they are refused and each attempt is audited with their hash only', async () => {
    const m = new Member(() => t.app, '555000');
    await m.send('/broadcast');
    expect(m.text()).toMatch(/only campaign admins can send updates/);
    await m.deliver({ kind: 'button', data: 'bc:send:forged' });
    expect(m.text()).toMatch(/only campaign admins/);
    const refused = await t.app.db.prisma.auditLog.findMany({ where: { action: 'broadcast.refused', actor: `telegram:${hashOf(m)}` } });
    expect(refused).toHaveLength(2);
    expect(JSON.stringify(await t.app.db.prisma.auditLog.findMany())).not.toContain('555000');
    expect(await t.app.db.prisma.broadcast.count()).toBe(0);
  });

  it('GIVEN a campaign admin WHEN they write both languages, attach a petition, pick the audience and send THEN the preview is what recipients get and the update is queued with one delivery per target', async () => {
    const fan = new Member(() => t.app, '612345001');
    await fan.send('/updates on');
    const yueFan = new Member(() => t.app, '612345002', { clientLanguage: 'zh-HK' });
    await yueFan.send('/updates on');
    await seedChannels(t.app, 'telegram', 2, 'both');

    const admin = new Member(() => t.app, '777001');
    await admin.send('/broadcast');
    expect(admin.text()).toMatch(/New campaign update[\s\S]*in English/);
    await admin.send('Rally at City Hall on Saturday, noon.');
    expect(admin.text()).toMatch(/Now send it in Cantonese/);
    await admin.send('星期六中午喺市政廳集會。');
    expect(admin.text()).toMatch(/Attach a petition/);
    await admin.press(/Terminate the sister city deal/);
    expect(admin.text()).toMatch(/Who should get it/);
    const preview = await admin.press(/Both/);

    // Captions, then each rendering exactly as the worker will send it, then the question.
    const bristol = await t.app.db.prisma.petition.findUniqueOrThrow({ where: { slug: 'bristol-guangzhou' } });
    const content = { textEn: 'Rally at City Hall on Saturday, noon.', textYue: '星期六中午喺市政廳集會。', petition: { slug: bristol.slug, titleEn: bristol.titleEn, titleYue: bristol.titleYue } };
    const shown = messages(preview);
    for (const lang of ['en', 'yue', 'both'] as const) {
      const expected = renderBroadcast(t.app.services.translator, content, lang);
      expect(shown.some((r) => JSON.stringify(r.text) === JSON.stringify(expected.text) && JSON.stringify(r.buttons) === JSON.stringify(expected.buttons))).toBe(true);
    }
    expect(renderBroadcast(t.app.services.translator, content, 'en').buttons).toEqual([[{ kind: 'deepLink', label: '✍️ Sign: Terminate the sister city deal between Bristol and Guangzhou', payload: 'sign-bristol-guangzhou' }]]);
    expect(admin.text()).toMatch(/Preview for English readers \(1\)[\s\S]*Preview for Cantonese readers \(1\)[\s\S]*Preview for chats in both languages \(3\)/);
    expect(admin.text()).toMatch(/Send it to 3 groups and channels and 2 members \(5 in all\)\?/);

    const send = admin.button(/Send now/);
    await admin.press(/Send now/);
    expect(admin.text()).toMatch(/Queued for 5 recipients/);
    const b = await t.app.db.prisma.broadcast.findFirstOrThrow({ include: { deliveries: true } });
    expect(b).toMatchObject({ textEn: content.textEn, textYue: content.textYue, petitionId: bristol.id, audience: 'both', total: 5, authorHash: hashOf(admin), authorPlatform: 'telegram' });
    expect(t.app.services.cipher.decrypt(b.authorAddressEnc!)).toBe('777001');
    const member = b.deliveries.find((d) => d.targetKey === `m:${hashOf(fan)}`)!;
    expect(member.lang).toBe('en');
    expect(t.app.services.cipher.decrypt(member.addressEnc!)).toBe('612345001');
    expect(b.deliveries.find((d) => d.targetKey === `m:${hashOf(yueFan)}`)!.lang).toBe('yue');
    expect(JSON.stringify(b)).not.toMatch(/612345001|612345002|777001/);
    expect(await t.app.db.prisma.auditLog.count({ where: { action: 'broadcast.queued', subject: b.id, actor: `telegram:${hashOf(admin)}` } })).toBe(1);

    // A second tap on Send queues nothing more.
    if (send.kind !== 'action') throw new Error('Send is not an action');
    await admin.deliver({ kind: 'button', data: send.data });
    expect(admin.text()).toMatch(/Already queued/);
    expect(await t.app.db.prisma.broadcast.count()).toBe(1);

    // The author can stop it from the progress message's button.
    await admin.deliver({ kind: 'button', data: `bc:stop:${b.id}` });
    expect(admin.text()).toMatch(/stopped: 5 messages not yet sent were cancelled/);
    expect(await statuses(t.app, b.id)).toEqual({ cancelled: 5 });
    await t.app.db.write((tx) => tx.broadcast.deleteMany({}));
  });

  it('GIVEN a Discord admin by role WHEN the role is taken away mid-draft THEN the next step is refused and the draft dropped', async () => {
    const admin = new ChatMember(() => t.app, '41002', { platform: 'discord', forms: true }, { roleIds: [ADMIN_ROLE], guildId: '1300000000000000001' });
    const start = await admin.send('/broadcast');
    const form = start.replies.find((r) => r.kind === 'form');
    expect(form).toMatchObject({ kind: 'form', fields: [{ id: 'en' }, { id: 'yue' }] });
    if (form?.kind !== 'form') throw new Error('no form');
    await admin.deliver({ kind: 'form', formId: form.formId, values: { en: 'Thanks for coming!', yue: '' } });
    expect(admin.text()).toMatch(/Attach a petition/);
    await admin.press(/No petition/);
    const audience = admin.buttons();
    expect(audience.map((b) => b.label)).not.toContain("✍️ This petition's followers");

    const demoted = new ChatMember(() => t.app, '41002', { platform: 'discord', forms: true }, { roleIds: [], guildId: '1300000000000000001' });
    const button = admin.button(/Members who opted in/);
    if (button.kind !== 'action') throw new Error('not an action');
    await demoted.deliver({ kind: 'button', data: button.data });
    expect(demoted.text()).toMatch(/only campaign admins/);
    await admin.deliver({ kind: 'button', data: button.data });
    expect(admin.text()).toMatch(/no longer active/);
    expect(await t.app.db.prisma.auditLog.count({ where: { action: 'broadcast.refused', actor: `discord:${hashOf(admin)}` } })).toBe(1);
  });

  it('GIVEN a member WHEN they opt in, opt out and /forget THEN their address is stored only encrypted and only while they opt in, and nothing about them stays in the outbox', async () => {
    const m = new Member(() => t.app, '698765432');
    await m.send('/updates on');
    const hash = hashOf(m);
    const row = await t.app.db.prisma.memberAddress.findUniqueOrThrow({ where: { memberHash: hash } });
    expect(row.addressEnc).not.toContain('698765432');
    expect(t.app.services.cipher.decrypt(row.addressEnc)).toBe('698765432');

    const first = await queue(t.app, { audience: 'members' });
    await m.send('/updates off');
    expect(await t.app.db.prisma.memberAddress.count({ where: { memberHash: hash } })).toBe(0);
    const skipped = await t.app.db.prisma.broadcastDelivery.findFirstOrThrow({ where: { broadcastId: first.id, targetKey: `m:${hash}` } });
    expect(skipped).toMatchObject({ status: 'skipped', error: 'member opted out' });

    await m.send('/updates on');
    const second = await queue(t.app, { audience: 'members' });
    await m.send('/forget');
    await m.press(/Erase everything/);
    expect(await t.app.db.prisma.memberAddress.count({ where: { memberHash: hash } })).toBe(0);
    const rows = await t.app.db.prisma.broadcastDelivery.findMany({ where: { broadcastId: { in: [first.id, second.id] } } });
    expect(JSON.stringify(rows)).not.toContain(hash);
    expect(rows.filter((r) => r.targetKey.startsWith('x:'))).toHaveLength(2);
    expect(rows.every((r) => r.addressEnc === null || r.targetKey.startsWith('m:'))).toBe(true);
    expect(await statuses(t.app, second.id)).toMatchObject({ skipped: 1 });
    await t.app.db.write((tx) => tx.broadcast.deleteMany({}));
  });

  it('GIVEN the console WHEN someone opts in THEN no address is kept, since the console cannot be reached later', async () => {
    const m = new Member(() => t.app, 'console-user', { platform: 'console' });
    await m.send('/updates on');
    expect(await t.app.db.prisma.memberAddress.count({ where: { memberHash: hashOf(m) } })).toBe(0);
    expect(toPlain(messages(m.last)[0]!.text)).toMatch(/You'll get campaign updates/);
  });
});
