/**
 * End-to-end set-up for campaign updates: the fake Telegram and fake Discord enforcing their rate
 * limits over HTTP and WebSocket on 127.0.0.1, an app on a fresh SQLite file, and the real adapters
 * with the broadcast sender started the way `npm start` starts them (bots/adapters.ts). Also: seeding
 * audiences both fakes know about, an admin authoring /broadcast in Telegram, and counting what
 * arrived at the fakes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message } from 'grammy/types';
import { createApp, loadConfig, silentLogger, type App, type WorkerSettings } from '../../src';
import { startAdapters, type Adapters } from '../../bots/adapters';
import type { RunOptions } from '../../bots/run';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord';
import { startFakeTelegram, type FakeTelegram, type PersonInput } from '../fakes/telegram';
import { projectRoot } from '../helpers/app';
import { waitFor } from './helpers';

export const ADMIN: PersonInput = { id: 777_001, first_name: 'Campaign Admin', language_code: 'en' };
export const DISCORD_ADMIN = '800000000000000001';
export const TEXT_EN = 'Council vote on Tuesday: <come> & *bring* friends';
export const TEXT_YUE = '星期二議會投票 <請> & 帶埋朋友';

export interface Fakes {
  telegram: FakeTelegram;
  discord: FakeDiscord;
  close(): Promise<void>;
}

export async function startFakes(timeScale: number): Promise<Fakes> {
  const telegram = await startFakeTelegram({ enforceLimits: true, timeScale });
  const discord = await startFakeDiscord({ enforceLimits: true, timeScale });
  return {
    telegram,
    discord,
    async close() {
      await telegram.close();
      await discord.close();
    },
  };
}

/** The environment `npm start` would get, pointed at the fakes, on a fresh data folder. */
export function botEnv(fakes: Fakes, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: `file:${path.join(dir, 'petition.db')}`,
    DATA_DIR: dir,
    PETITIONS_DIR: path.join(projectRoot, 'data', 'petitions'),
    IDENTITY_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    HTTP_HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: fakes.telegram.token,
    TELEGRAM_API_ROOT: fakes.telegram.apiRoot,
    TELEGRAM_ADMIN_IDS: String(ADMIN.id),
    DISCORD_BOT_TOKEN: fakes.discord.token,
    DISCORD_APPLICATION_ID: fakes.discord.applicationId,
    DISCORD_API_BASE: fakes.discord.apiBase,
    DISCORD_ADMIN_USER_IDS: DISCORD_ADMIN,
    ...extra,
  };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'broadcast-e2e-'));
}

export interface Running {
  app: App;
  adapters: Adapters;
  stop(): Promise<void>;
}

/** An app on the bot's database, in the test process: for seeding and for reading what happened. */
export function openApp(env: Record<string, string>): Promise<App> {
  return createApp(loadConfig(env), { log: silentLogger, sweeper: false });
}

/** The app and every adapter with the sender, in this process. */
export async function startBots(env: Record<string, string>, timeScale: number, worker: WorkerSettings = {}): Promise<Running> {
  const app = await createApp(loadConfig(env), { log: silentLogger, sweeper: false });
  const adapters = await startAdapters(app, { timeScale, worker: { pollMs: 100, ...worker }, telegram: { timeoutSeconds: 1 } });
  return {
    app,
    adapters,
    async stop() {
      await adapters.stop();
      await app.close();
    },
  };
}

export interface BotProcess {
  child: ChildProcess;
  /** What the process wrote to stderr (pino JSON lines at LOG_LEVEL), for failure messages. */
  log(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, as a power cut or the OOM killer would: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the clean exit. */
  stop(): Promise<number | null>;
}

/** bots/run.ts (what `npm start` runs) in a process of its own, against the fakes. */
export function startBotProcess(env: Record<string, string>, options: RunOptions): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/broadcast/e2e-child.ts', JSON.stringify(options)], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    log: () => log,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resolves once the process (started at `since`) polls Telegram and its Discord adapter is ready. */
export async function botReady(fakes: Fakes, bot: BotProcess, since: number): Promise<void> {
  const died = bot.exited.then(({ code, signal }) => {
    throw new Error(`the bot exited during start-up (code ${code}, signal ${signal}):\n${bot.log()}`);
  });
  // The Discord adapter starts after Telegram's, and is ready once it has checked its slash commands.
  await Promise.race([
    Promise.all([
      fakes.telegram.waitForCall('deleteWebhook', (c) => c.at >= since, 30_000),
      fakes.discord.waitForCall((c) => c.at >= since && c.method === 'GET' && /\/commands$/.test(c.path), 30_000),
    ]),
    died,
  ]);
}

// ── Audiences ───────────────────────────────────────────────────────────────

let nextId = 0;

/** Telegram supergroups the fake knows (the bot an admin there), subscribed in the database as /subscribe would. */
export async function seedTelegramGroups(app: App, fake: FakeTelegram, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => -1_002_000_000_000 - ++nextId);
  for (const id of ids) fake.addChat({ id, type: 'supergroup', title: `HK group ${id}` });
  await app.db.write((tx) => tx.subscription.createMany({ data: ids.map((id) => ({ platform: 'telegram', chatId: String(id), lang: 'both' })) }));
  return ids.map(String);
}

/** Discord text channels in the fake's server, subscribed in the database as /subscribe would. */
export async function seedDiscordChannels(app: App, fake: FakeDiscord, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => fake.addChannel({ name: `updates-${i}` }).id);
  await app.db.write((tx) => tx.subscription.createMany({ data: ids.map((chatId) => ({ platform: 'discord', chatId, guildId: fake.guild.id, lang: 'en' })) }));
  return ids;
}

/** Discord users the fake knows, opted in to updates in the database as /updates on would (their DMs get them). */
export async function seedDiscordMembers(app: App, fake: FakeDiscord, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => fake.addUser({ username: `member-${i}` }).id);
  const rows = ids.map((userId) => ({ userId, memberHash: `e2e-discord-${randomBytes(8).toString('hex')}` }));
  await app.db.write(async (tx) => {
    await tx.memberPreference.createMany({ data: rows.map((r) => ({ memberHash: r.memberHash, updatesOptIn: true, lang: 'en' })) });
    await tx.memberAddress.createMany({ data: rows.map((r) => ({ memberHash: r.memberHash, platform: 'discord', addressEnc: app.services.cipher.encrypt(r.userId), lang: 'en' })) });
  });
  return ids;
}

// ── Authoring on Telegram ───────────────────────────────────────────────────

/** The newest message in a chat with a button whose data starts with prefix (and ends with suffix), newer than `after`. */
export function buttonIn(fake: FakeTelegram, chatId: number, prefix: string, suffix = '', after = 0): { message: Message; data: string } | undefined {
  for (const message of fake.messagesTo(chatId).reverse()) {
    if (message.message_id <= after) break;
    for (const b of message.reply_markup?.inline_keyboard.flat() ?? []) {
      if ('callback_data' in b && b.callback_data.startsWith(prefix) && b.callback_data.endsWith(suffix)) return { message, data: b.callback_data };
    }
  }
  return undefined;
}

async function waitButton(fake: FakeTelegram, chatId: number, prefix: string, suffix = '', after = 0): Promise<{ message: Message; data: string }> {
  return waitFor(`a ${prefix}…${suffix} button in chat ${chatId}`, async () => buttonIn(fake, chatId, prefix, suffix, after), 20_000);
}

function lastId(fake: FakeTelegram, chatId: number): number {
  return fake.lastMessageTo(chatId)?.message_id ?? 0;
}

async function press(fake: FakeTelegram, who: PersonInput, found: { message: Message; data: string }): Promise<void> {
  const update = fake.userPresses({ from: who, message: found.message, data: found.data })!;
  await fake.waitForCall('answerCallbackQuery', (c) => c.params.callback_query_id === update.callback_query!.id, 20_000);
}

/**
 * An admin writes an update in their private chat with the bot: /broadcast, English, Cantonese, no
 * petition, the audience, the preview, Send. Returns the broadcast id from the "queued" answer.
 */
export async function authorBroadcast(fake: FakeTelegram, audience: 'channels' | 'members' | 'both' = 'both', author: PersonInput = ADMIN): Promise<string> {
  const chat = author.id;
  fake.userSends({ from: author, text: '/broadcast' });
  await waitButton(fake, chat, 'bc:skip:');
  let after = lastId(fake, chat);
  fake.userSends({ from: author, text: TEXT_EN });
  await waitButton(fake, chat, 'bc:skip:', '', after);
  fake.userSends({ from: author, text: TEXT_YUE });
  await press(fake, author, await waitButton(fake, chat, 'bc:pet:', ':none'));
  await press(fake, author, await waitButton(fake, chat, 'bc:aud:', `:${audience}`));
  const send = await waitButton(fake, chat, 'bc:send:');
  after = send.message.message_id;
  await press(fake, author, send);
  const queued = await waitFor('the "queued" answer', async () => fake.messagesTo(chat).find((m) => m.message_id >= after && /Queued for/.test(m.text ?? '')), 20_000);
  return /update (\S+)\)/.exec(queued.text!)![1]!;
}

// ── What arrived ────────────────────────────────────────────────────────────

const isUpdate = (text: string | undefined): boolean => (text ?? '').includes('Council vote on Tuesday') || (text ?? '').includes('星期二議會投票');

/** Copies of the update each Telegram chat holds now. */
export function telegramCopies(fake: FakeTelegram, chatId: string | number): number {
  return fake.messagesTo(Number(chatId)).filter((m) => isUpdate(m.text)).length;
}

/** Copies of the update in a Discord channel (or a user's DMs, with dm). */
export function discordCopies(fake: FakeDiscord, id: string, dm = false): number {
  return (dm ? fake.directMessagesTo(id) : fake.messagesIn(id)).filter((m) => isUpdate(m.content)).length;
}

/** Chats whose sends the fake Telegram answered with 429, with when. */
export function telegramFloods(fake: FakeTelegram): { chat: string; method: string; at: number }[] {
  return fake.calls
    .filter((c) => c.response?.ok === false && c.response.error_code === 429)
    .map((c) => ({ chat: String(c.params.chat_id), method: c.method, at: c.at }));
}

export function discordFloods(fake: FakeDiscord): { path: string; at: number }[] {
  return fake.calls.filter((c) => c.status === 429).map((c) => ({ path: c.path, at: c.at }));
}
