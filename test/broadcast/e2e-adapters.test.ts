/**
 * Campaign updates through the real adapters in this process, against the fakes with their limits:
 * who may subscribe a chat and broadcast, what happens when the bot is removed or blocked, and
 * stopping an update midway from its progress message.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMemberAdministrator } from 'grammy/types';
import { Permission, type InteractionHandle, type Json } from '../fakes/discord';
import { customIds } from '../bots/discord/harness';
import { queue, seedMembers, statuses, waitDone, waitFor } from './helpers';
import {
  ADMIN,
  botEnv,
  DISCORD_ADMIN,
  buttonIn,
  discordCopies,
  seedDiscordChannels,
  seedDiscordMembers,
  seedTelegramGroups,
  startBots,
  startFakes,
  telegramCopies,
  telegramFloods,
  tempDir,
  TEXT_EN,
  TEXT_YUE,
  type Fakes,
  type Running,
} from './e2e-harness';

const TIME_SCALE = 0.5;

let fakes: Fakes;
let bots: Running;
let dir: string;
let adminRole: string;

beforeAll(async () => {
  dir = tempDir();
  fakes = await startFakes(TIME_SCALE);
  adminRole = fakes.discord.addRole({ name: 'campaign-team', permissions: '0' }).id;
  bots = await startBots(botEnv(fakes, dir, { DISCORD_ADMIN_ROLE_IDS: adminRole }), TIME_SCALE);
}, 60_000);

afterEach(async () => {
  await bots.app.db.write(async (tx) => {
    await tx.broadcast.updateMany({ where: { finishedAt: null }, data: { status: 'cancelled' } });
    await tx.subscription.deleteMany({});
    await tx.memberPreference.deleteMany({});
  });
});

afterAll(async () => {
  await bots?.stop();
  await fakes?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const groupAdmin = { id: 6_300_000_001, first_name: 'Group Admin', language_code: 'en' };
const member = { id: 6_300_000_002, first_name: 'Member', language_code: 'en' };

async function subscription(platform: string, chatId: string | number) {
  return bots.app.db.prisma.subscription.findUnique({ where: { platform_chatId: { platform, chatId: String(chatId) } } });
}

async function audits(action: string) {
  return bots.app.db.prisma.auditLog.findMany({ where: { action }, orderBy: { at: 'asc' } });
}

describe('GIVEN /subscribe in a group or channel', () => {
  it('WHEN a group admin, a member, and a channel whose bot may not post try it on Telegram THEN only the admin subscribes, and the others are told why', async () => {
    const { telegram } = fakes;
    const group = -1_004_000_000_001;
    telegram.addChat({ id: group, type: 'supergroup', title: 'HK Manchester' });
    telegram.setChatMember(group, groupAdmin.id, 'administrator');
    telegram.setChatMember(group, member.id, 'member');
    const reply = async (from: typeof member, text: string, chat = group) => {
      const update = telegram.userSends({ from, chat: { id: chat, type: 'supergroup', title: 'HK Manchester' }, text })!;
      return telegram.waitForCall('sendMessage', (c) => c.params.chat_id === chat && (c.params.reply_parameters as { message_id?: number } | undefined)?.message_id === update.message!.message_id, 10_000);
    };
    expect(String((await reply(member, '/subscribe')).params.text)).toContain('Only admins of this group or channel');
    expect(String((await reply(groupAdmin, '/subscribe yue')).params.text)).toContain('Subscribed');
    expect(await subscription('telegram', group)).toMatchObject({ active: true, lang: 'yue', title: 'HK Manchester' });

    const channel = -1_004_100_000_001;
    const cannotPost: ChatMemberAdministrator = {
      status: 'administrator', user: { id: 0, is_bot: true, first_name: 'x' }, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
      can_manage_video_chats: false, can_restrict_members: false, can_promote_members: false, can_change_info: false, can_invite_users: true,
      can_post_stories: false, can_edit_stories: false, can_delete_stories: false, can_post_messages: false, can_edit_messages: false, can_send_welcome_messages: false,
    };
    telegram.addChat({ id: channel, type: 'channel', title: 'HK News' });
    telegram.setChatMember(channel, telegram.botUser.id, { ...cannotPost, user: telegram.botUser });
    telegram.channelPost({ chat: { id: channel }, text: '/subscribe' });
    // The bot cannot post its answer there either; what matters is that nothing was subscribed.
    await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === channel, 10_000);
    expect(await subscription('telegram', channel)).toBeNull();
    telegram.setChatMember(channel, telegram.botUser.id, { ...cannotPost, user: telegram.botUser, can_post_messages: true });
    telegram.channelPost({ chat: { id: channel }, text: '/subscribe en' });
    await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === channel && c.response?.ok === true, 10_000);
    expect(await subscription('telegram', channel)).toMatchObject({ active: true, lang: 'en' });
    // getChatMember is asked only for these commands, not for every update.
    expect(telegram.calls.filter((c) => c.method === 'getChatMember').length).toBe(6);
  });

  it('WHEN a server manager, a plain member, and a manager in a channel the bot cannot see try it on Discord THEN only the first subscribes', async () => {
    const { discord } = fakes;
    const manager = discord.addGuildMember({ username: 'manager', permissions: String(Permission.ManageGuild) }).id;
    const plain = discord.addGuildMember({ username: 'plain' }).id;
    const open = discord.addChannel({ name: 'hk-open' }).id;
    const hidden = discord.addChannel({ name: 'hk-hidden' }).id;
    discord.removeAccess(hidden);
    const run = (user: string, channelId: string) => discord.slashCommand({ user, name: 'subscribe', channelId }).waitForReply();
    expect((await run(plain, open)).content).toContain('Only admins of this group or channel');
    expect((await run(manager, hidden)).content).toContain("I can't post updates here yet");
    const ok = await run(manager, open);
    expect(ok.ephemeral).toBe(true);
    expect(ok.content).toContain('Subscribed');
    expect(await subscription('discord', open)).toMatchObject({ active: true, guildId: discord.guild.id, title: '#hk-open' });
    expect(await subscription('discord', hidden)).toBeNull();
  });
});

describe('GIVEN someone who is not a campaign admin', () => {
  it('WHEN they send /broadcast on Telegram or Discord THEN it is refused with a message and an audit entry, naming no one', async () => {
    const { telegram, discord } = fakes;
    const before = (await audits('broadcast.refused')).length;
    telegram.userSends({ from: member, text: '/broadcast' });
    const refusal = await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === member.id, 10_000);
    expect(refusal.params.text).toContain('only campaign admins can send updates');
    const user = discord.addGuildMember({ username: 'not-an-admin', permissions: String(Permission.ManageGuild) }).id;
    const reply = await discord.slashCommand({ user, name: 'broadcast' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('only campaign admins can send updates');
    const entries = (await audits('broadcast.refused')).slice(before);
    expect(entries.map((e) => e.actor.split(':')[0])).toEqual(['telegram', 'discord']);
    expect(JSON.stringify(entries)).not.toContain(String(member.id));
    expect(JSON.stringify(entries)).not.toContain(user);
    // A member with the configured admin role may: they get the form.
    const teamMember = discord.addGuildMember({ username: 'campaigner', roles: [adminRole] }).id;
    const started = await discord.slashCommand({ user: teamMember, name: 'broadcast' }).waitForReply();
    expect(started.content).toContain('New campaign update');
  });
});

describe('GIVEN a campaign admin on Discord', () => {
  it('WHEN they write an update in the form, preview and send it THEN the channels get it once and the admin gets the summary in a DM', async () => {
    const { discord } = fakes;
    const { app } = bots;
    const channels = await seedDiscordChannels(app, discord, 3);
    discord.addGuildMember({ userId: DISCORD_ADMIN, username: 'organiser' });
    const user = DISCORD_ADMIN;
    /** The custom_id starting with prefix on any message of the interaction, once it is there. */
    const idIn = (handle: InteractionHandle, prefix: string, suffix = '') =>
      waitFor(`a ${prefix} component`, async () => customIds([handle.original, ...handle.followUps].flatMap((m) => (m?.components ?? []) as Json[])).find((id) => id.startsWith(prefix) && id.endsWith(suffix)));
    const start = discord.slashCommand({ user, name: 'broadcast' });
    const modal = await discord.clickButton({ user, customId: await idIn(start, 'form:bc:') }).waitForModal();
    const texts = discord.submitModal({ user, customId: String(modal['custom_id']), fields: { en: TEXT_EN, yue: TEXT_YUE } });
    const petition = discord.clickButton({ user, customId: await idIn(texts, 'bc:pet:', ':none') });
    const audience = discord.clickButton({ user, customId: await idIn(petition, 'bc:aud:', ':channels') });
    const send = discord.clickButton({ user, customId: await idIn(audience, 'bc:send:') });
    const queued = await send.waitForReply();
    expect(queued.content).toContain('Queued for 3 recipients');
    const id = /update (\S+)\)/.exec(queued.content)![1]!;
    await waitDone(app, id);
    for (const c of channels) expect(discordCopies(discord, c)).toBe(1);
    // One DM to the admin with the summary (three sends finish before any progress is due).
    await waitFor('the summary', async () => discord.directMessagesTo(user).some((m) => /finished:/.test(m.content)));
    const dms = discord.directMessagesTo(user);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.content).toContain('finished: 3 of 3 sent, 0 failed');
    expect(dms[0]!.components).toEqual([]);
  });
});

describe('GIVEN an update with a petition attached', () => {
  it('WHEN it is delivered THEN Telegram shows a Sign link to the bot and Discord a Sign button that starts signing', async () => {
    const { telegram, discord } = fakes;
    const { app } = bots;
    const petition = await app.services.petitions.bySlug(app.db.prisma, 'bristol-guangzhou');
    const [group] = await seedTelegramGroups(app, telegram, 1);
    const [channel] = await seedDiscordChannels(app, discord, 1);
    const { id } = await queue(app, { petitionId: petition!.id, audience: 'channels' });
    await waitDone(app, id);
    const button = telegram.messagesTo(Number(group)).at(-1)!.reply_markup!.inline_keyboard[0]![0]!;
    expect(button).toEqual({ text: '✍️ Sign · 簽聯署', url: `https://t.me/${telegram.botUser.username}?start=sign-bristol-guangzhou` });
    const posted = discord.messagesIn(channel!).at(-1)!;
    expect(customIds(posted.components as Json[])).toEqual(['start:sign-bristol-guangzhou']);
    const member = discord.addGuildMember({ username: 'reader' }).id;
    const summary = await discord.clickButton({ user: member, customId: 'start:sign-bristol-guangzhou', message: posted }).waitForReply();
    expect(summary.ephemeral).toBe(true);
    expect(summary.content).toContain('Bristol');
  });
});

describe('GIVEN the bot loses a chat', () => {
  it('WHEN it is removed from a Telegram group (my_chat_member), a group moves, and a send meets a 403 THEN those subscriptions go off or follow, with the reason', async () => {
    const { telegram } = fakes;
    const { app } = bots;
    const [removed, kickedSilently, moving, staying] = await seedTelegramGroups(app, telegram, 4);
    const [blocker, reader] = await seedMembers(app, 'telegram', 2);
    telegram.myChatMember({ chat: { id: Number(removed), type: 'supergroup' }, from: groupAdmin, status: 'kicked' });
    await waitFor('the removal', async () => (await subscription('telegram', removed!))?.active === false);
    expect(await subscription('telegram', removed!)).toMatchObject({ endedReason: 'my_chat_member: the bot was removed (kicked) from the supergroup' });

    const supergroup = -1_005_000_000_999;
    telegram.addChat({ id: supergroup, type: 'supergroup', title: 'Moved' });
    const service = { message_id: 1, date: 1, chat: { id: Number(moving), type: 'group', title: 'Old' }, from: { id: groupAdmin.id, is_bot: false, first_name: 'A' }, migrate_to_chat_id: supergroup };
    telegram.pushUpdate({ message: service } as Parameters<typeof telegram.pushUpdate>[0]);
    await waitFor('the move', async () => (await subscription('telegram', supergroup))?.active === true);
    expect(await subscription('telegram', moving!)).toBeNull();

    telegram.blockBot(Number(kickedSilently));
    telegram.blockBot(Number(blocker));
    const { id } = await queue(app, { audience: 'both' });
    const final = await waitDone(app, id);
    expect(final).toMatchObject({ sent: 3, failed: 2 });
    expect(await subscription('telegram', kickedSilently!)).toMatchObject({ active: false, endedReason: '403: Forbidden: bot was kicked from the supergroup chat' });
    expect(await subscription('telegram', staying!)).toMatchObject({ active: true });
    expect(telegramCopies(telegram, staying!)).toBe(1);
    expect(telegramCopies(telegram, supergroup)).toBe(1);
    expect(telegramCopies(telegram, reader!)).toBe(1);
    // The member who blocked the bot: their address is gone and they are opted out.
    expect(await app.db.prisma.memberAddress.count()).toBe(1);
    expect(await app.db.prisma.memberPreference.count({ where: { updatesOptIn: true } })).toBe(1);
    expect((await audits('subscription.off')).map((a) => a.subject)).toEqual(expect.arrayContaining([`telegram:${removed}`, `telegram:${kickedSilently}`]));
  });

  it('WHEN Discord denies access to a channel, deletes one, removes the bot from the server, or a member refuses DMs THEN those go off, with the reason', async () => {
    const { discord } = fakes;
    const { app } = bots;
    const [denied, deleted, ok] = await seedDiscordChannels(app, discord, 3);
    const [refuses, reads] = await seedDiscordMembers(app, discord, 2);
    discord.removeAccess(denied!);
    discord.blockDirectMessages(refuses!);
    const { id } = await queue(app, { audience: 'both' });
    const final = await waitDone(app, id);
    expect(final).toMatchObject({ sent: 3, failed: 2 });
    expect(await subscription('discord', denied!)).toMatchObject({ active: false, endedReason: '403: Missing Access' });
    expect(discordCopies(discord, ok!)).toBe(1);
    expect(discordCopies(discord, reads!, true)).toBe(1);
    expect(await app.db.prisma.memberAddress.count({ where: { platform: 'discord' } })).toBe(1);

    discord.dispatch('CHANNEL_DELETE', { id: deleted, type: 0, guild_id: discord.guild.id, name: 'updates-1' });
    await waitFor('the deleted channel', async () => (await subscription('discord', deleted!))?.active === false);
    expect(await subscription('discord', deleted!)).toMatchObject({ endedReason: 'discord: the channel was deleted' });
    discord.dispatch('GUILD_DELETE', { id: discord.guild.id });
    await waitFor('the server', async () => (await subscription('discord', ok!))?.active === false);
    expect(await subscription('discord', ok!)).toMatchObject({ endedReason: 'discord: the bot was removed from the server' });
  });
});

describe('GIVEN an update under way', () => {
  it('WHEN the author presses Stop on the progress message THEN what was not sent is cancelled, nobody gets it twice, and the message becomes the summary', async () => {
    const { telegram } = fakes;
    const { app } = bots;
    const members = await seedMembers(app, 'telegram', 300);
    const { id, total } = await queue(app, { audience: 'members' }, { platform: 'telegram', address: String(ADMIN.id) });
    expect(total).toBe(300);
    const stop = await waitFor('the Stop button', async () => {
      const found = buttonIn(telegram, ADMIN.id, 'bc:stop:');
      return found && members.filter((m) => telegramCopies(telegram, m) > 0).length >= 40 ? found : undefined;
    });
    const update = telegram.userPresses({ from: ADMIN, message: stop.message, data: stop.data })!;
    await telegram.waitForCall('answerCallbackQuery', (c) => c.params.callback_query_id === update.callback_query!.id, 10_000);
    const atStop = members.filter((m) => telegramCopies(telegram, m) > 0).length;
    const final = await waitDone(app, id);
    expect(final.status).toBe('cancelled');
    expect(final.sent + final.cancelled).toBe(300);
    expect(final.cancelled).toBeGreaterThan(100);
    const reached = members.filter((m) => telegramCopies(telegram, m) > 0).length;
    expect(reached).toBe(final.sent);
    // Only sends already on their way went out after the press (the worker keeps at most 32 in flight).
    expect(reached - atStop).toBeLessThanOrEqual(32);
    expect(members.every((m) => telegramCopies(telegram, m) <= 1)).toBe(true);
    expect(await statuses(app, id)).toEqual({ sent: final.sent, cancelled: final.cancelled });
    await waitFor('the summary', async () => /was stopped/.test(telegram.messagesTo(ADMIN.id).find((m) => m.message_id === stop.message.message_id)?.text ?? ''));
    const summary = telegram.messagesTo(ADMIN.id).find((m) => m.message_id === stop.message.message_id)!;
    expect(summary.text).toContain(`${final.sent} of 300 sent, ${final.cancelled} cancelled`);
    expect(summary.reply_markup).toBeUndefined();
    // The answer to the press (it may have waited out the fake's one-message-a-second rule in this chat).
    await waitFor('the answer to Stop', async () => telegram.messagesTo(ADMIN.id).some((m) => /stopped: \d+ messages not yet sent were cancelled/.test(m.text ?? '')));
    expect(telegramFloods(telegram).filter((f) => members.includes(f.chat))).toEqual([]);
  });
});
