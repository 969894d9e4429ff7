/**
 * Campaign updates end to end, through `npm start`'s own start-up (bots/run.ts) in a process of its
 * own: an admin authors /broadcast in a Telegram private chat, and 1,000 Telegram targets (900
 * opted-in members, 100 groups and channels) and 200 Discord channels each get it exactly once,
 * from fakes that enforce the platforms' rate limits and never had to answer 429 for it; the author
 * watches one progress message become the summary.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src';
import { Permission } from '../fakes/discord';
import { seedMembers, waitDone, waitFor } from './helpers';
import {
  ADMIN,
  authorBroadcast,
  botEnv,
  botReady,
  discordCopies,
  discordFloods,
  openApp,
  seedDiscordChannels,
  seedTelegramGroups,
  startBotProcess,
  startFakes,
  telegramCopies,
  telegramFloods,
  tempDir,
  TEXT_EN,
  type BotProcess,
  type Fakes,
} from './e2e-harness';

/** The fakes' minute lasts 15 s; the sender's pace follows (bots/broadcast-policy.ts). */
const TIME_SCALE = 0.25;

let fakes: Fakes;
let dir: string;
let env: Record<string, string>;
let app: App;
let bot: BotProcess;

beforeAll(async () => {
  dir = tempDir();
  fakes = await startFakes(TIME_SCALE);
  env = botEnv(fakes, dir, { LOG_LEVEL: 'warn' });
  app = await openApp(env);
  const since = Date.now();
  bot = startBotProcess(env, { timeScale: TIME_SCALE, worker: { pollMs: 100 } });
  await botReady(fakes, bot, since);
}, 60_000);

afterAll(async () => {
  const code = await bot?.stop();
  await app?.close();
  await fakes?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  expect(code).toBe(0);
}, 30_000);

it('GIVEN 1,000 Telegram targets and 200 Discord channels WHEN an admin sends an update from Telegram THEN each gets it exactly once, with no 429, and the author sees progress and the summary', async () => {
  const { telegram, discord } = fakes;
  try {
    // Some of the audience the way people make it: members opting in, group and channel admins subscribing.
    const joiners = Array.from({ length: 5 }, (_, i) => ({ id: 6_100_000_000 + i, first_name: `Member ${i}`, language_code: i % 2 ? 'zh-hant' : 'en' }));
    for (const m of joiners) {
      telegram.userSends({ from: m, text: '/updates on' });
      await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === m.id, 10_000);
    }
    const groupAdmin = { id: 6_200_000_001, first_name: 'Group Admin', language_code: 'en' };
    const realGroups = [-1_003_000_000_001, -1_003_000_000_002, -1_003_000_000_003, -1_003_000_000_004];
    for (const id of realGroups) {
      telegram.addChat({ id, type: 'supergroup', title: `Real group ${id}` });
      telegram.setChatMember(id, groupAdmin.id, 'administrator');
      telegram.userSends({ from: groupAdmin, chat: { id, type: 'supergroup' }, text: '/subscribe both' });
      await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === id && String(c.params.text).includes('Subscribed'), 10_000);
    }
    const channel = -1_003_100_000_001;
    telegram.myChatMember({ chat: { id: channel, type: 'channel', title: 'HK Updates' }, from: groupAdmin, status: 'administrator' });
    telegram.channelPost({ chat: { id: channel, title: 'HK Updates' }, text: '/subscribe en' });
    await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === channel && String(c.params.text).includes('Subscribed'), 10_000);
    const manager = discord.addGuildMember({ username: 'server-admin', permissions: String(Permission.ManageChannels) }).id;
    const realChannels = [discord.addChannel({ name: 'hk-news' }).id, discord.addChannel({ name: 'hk-actions' }).id];
    for (const id of realChannels) {
      const reply = await discord.slashCommand({ user: manager, name: 'subscribe', options: { options: 'en' }, channelId: id }).waitForReply();
      expect(reply.content).toContain('Subscribed');
    }

    // The rest written straight to the database, as those steps would have.
    const members = [...(await seedMembers(app, 'telegram', 895, (i) => (i % 2 ? 'yue' : 'en'))), ...joiners.map((m) => String(m.id))];
    const groups = [...(await seedTelegramGroups(app, telegram, 95)), ...realGroups.map(String), String(channel)];
    const channels = [...(await seedDiscordChannels(app, discord, 198)), ...realChannels];
    expect(await app.db.prisma.subscription.count({ where: { active: true } })).toBe(300);

    const started = Date.now();
    const id = await authorBroadcast(telegram, 'both');
    // From here only the sender talks to anyone. The authoring replies above (a preview is several
    // messages at once) may have met the fake's one-message-a-second rule in the admin's chat;
    // grammY's auto-retry waits those out, like any reply.
    const progress = await telegram.waitForCall('sendMessage', (c) => c.params.chat_id === String(ADMIN.id) && JSON.stringify(c.params).includes('bc:stop:'), 20_000);
    const floodsWhileAuthoring = telegramFloods(telegram).length;

    const final = await waitDone(app, id, 60_000);
    const seconds = (Date.now() - started) / 1000;
    expect(final).toMatchObject({ total: 1200, sent: 1200, failed: 0, unknown: 0, status: 'done' });

    // Exactly once each, counted at the fakes.
    for (const m of members) expect(telegramCopies(telegram, m), `member ${m}`).toBe(1);
    for (const g of groups) expect(telegramCopies(telegram, g), `group ${g}`).toBe(1);
    for (const c of channels) expect(discordCopies(discord, c), `channel ${c}`).toBe(1);

    // Within the limits: no delivery was ever refused, and no 429 at all after the first progress message.
    const targets = new Set([...members, ...groups]);
    expect(telegramFloods(telegram).filter((f) => targets.has(f.chat))).toEqual([]);
    expect(telegramFloods(telegram).length).toBe(floodsWhileAuthoring);
    expect(telegramFloods(telegram).every((f) => f.chat === String(ADMIN.id))).toBe(true);
    expect(discordFloods(discord)).toEqual([]);

    // Rendered like every reply: HTML escaped on Telegram, markdown escaped on Discord, in each chat's language.
    expect(telegram.messagesTo(Number(members[0])).at(-1)!.text).toBe(TEXT_EN);
    expect(telegram.calls.find((c) => c.method === 'sendMessage' && c.params.chat_id === members[0])?.params.text).toBe('Council vote on Tuesday: &lt;come&gt; &amp; *bring* friends');
    expect(telegram.messagesTo(Number(members[1])).at(-1)!.text).toBe('星期二議會投票 <請> & 帶埋朋友');
    expect(telegram.messagesTo(Number(groups[0])).at(-1)!.text).toMatch(/Council vote on Tuesday[\s\S]+星期二議會投票/);
    expect(telegram.messagesTo(channel).at(-1)!.text).toBe(TEXT_EN);
    expect(discord.messagesIn(channels[0]!).at(-1)!.content).toBe('Council vote on Tuesday: \\<come> & \\*bring\\* friends');
    // No mention can fire, whatever an update says.
    const posts = discord.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    expect(posts.every((c) => JSON.stringify((c.body as { allowed_mentions?: unknown }).allowed_mentions) === '{"parse":[]}')).toBe(true);

    // One progress message, edited as it went, ending as the summary without the Stop button.
    const progressId = (progress.response as { result: { message_id: number } }).result.message_id;
    const edits = telegram.calls.filter((c) => c.method === 'editMessageText' && c.params.chat_id === String(ADMIN.id) && c.params.message_id === progressId);
    expect(edits.length).toBeGreaterThan(0);
    const shown = () => telegram.messagesTo(ADMIN.id).filter((m) => /Sending update|finished:/.test(m.text ?? ''));
    // The summary is published just after the broadcast is marked finished.
    await waitFor('the summary', async () => shown().some((m) => /finished:/.test(m.text ?? '')));
    expect(shown()).toHaveLength(1);
    expect(shown()[0]!.text).toContain('finished: 1,200 of 1,200 sent, 0 failed');
    expect(shown()[0]!.reply_markup).toBeUndefined();
    console.log(`[e2e] 1,200 deliveries in ${seconds.toFixed(1)} s from /broadcast (fakes at time scale ${TIME_SCALE}); ${floodsWhileAuthoring} 429s while authoring, all in the admin's own chat`);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- bot log ---\n${bot.log().slice(-4000)}`);
  }
}, 120_000);
