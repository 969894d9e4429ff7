/**
 * Idle memory and start-up time of `npm start` with Telegram and Discord configured: the real
 * process (node + tsx CLI + bots/main.ts) against the fake Telegram and the fake Discord, on SQLite.
 * Measured on a first start (fresh database: migrations, petitions and twin links imported) and on
 * a restart over the same database, which is what a running deployment usually sees.
 */
import { startFakeDiscord, type FakeDiscord } from '../test/fakes/discord';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram';
import { botEnv, newKeys, startRealBot } from './bot';
import { readMemory, sleep } from './child';
import { createBenchDatabase } from './databases';
import { median, round } from './stats';

export interface IdleRun {
  /** VmRSS of the process running bots/main.ts once settled (median of samples), MB. */
  botRssMb: number;
  /** VmRSS of a tsx CLI wrapper process beside the bot, MB (0 when the bundle runs on plain node, as `npm start` does). */
  wrapperRssMb: number;
  /** Both processes together. */
  totalRssMb: number;
  /** Peak RSS of the bot process (VmHWM), MB. */
  botPeakRssMb: number;
  /** Spawn → the reply to an update that was waiting at Telegram when the process started. */
  startupToFirstReplyMs: number;
  /** Spawn → the Discord adapter ready (its first REST call after the gateway's READY). */
  startupToDiscordReadyMs: number;
}

export interface IdleResult {
  firstStart: IdleRun;
  restart?: IdleRun;
  settledSeconds: number;
}

export interface IdleOptions {
  settleMs: number;
  sampleMs: number;
  restart: boolean;
  nodeFlags?: string[];
}

export async function measureIdle(options: IdleOptions): Promise<IdleResult> {
  const telegram = await startFakeTelegram();
  const discord = await startFakeDiscord();
  const db = await createBenchDatabase('sqlite');
  const env = {
    ...botEnv(telegram, db, newKeys(), undefined),
    DISCORD_BOT_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_BASE: discord.apiBase,
  };
  try {
    const firstStart = await oneStart(telegram, discord, env, 4242, options);
    const restart = options.restart ? await oneStart(telegram, discord, env, 4243, options) : undefined;
    return { firstStart, ...(restart ? { restart } : {}), settledSeconds: options.settleMs / 1000 };
  } finally {
    await telegram.close();
    await discord.close();
    await db.drop();
  }
}

async function oneStart(telegram: FakeTelegram, discord: FakeDiscord, env: Record<string, string>, memberId: number, options: IdleOptions): Promise<IdleRun> {
  // A member wrote while the bot was down: the first update the new process handles.
  telegram.userSends({ from: { id: memberId, first_name: 'First', language_code: 'en' }, text: '/start' });
  const spawnedAt = Date.now();
  const child = startRealBot(env, options.nodeFlags);
  try {
    const exited = child.exited.then(({ code, signal }) => {
      throw new Error(`npm start exited (code ${code}, signal ${signal}):\n${child.log}`);
    });
    const [reply, discordReady] = await Promise.race([
      Promise.all([
        telegram.waitForCall('sendMessage', (c) => c.params.chat_id === memberId, 120_000),
        discord.waitForCall((c) => c.method === 'GET' && c.path.endsWith('/commands') && c.at >= spawnedAt, 120_000),
      ]),
      exited,
    ]);
    const botPid = await child.botPid();
    await sleep(options.settleMs);
    const bot: number[] = [];
    const wrapper: number[] = [];
    for (const end = Date.now() + options.sampleMs; Date.now() < end; await sleep(100)) {
      bot.push(readMemory(botPid)?.rssMb ?? NaN);
      // With the bundle on plain node there is no wrapper process (the bot is the child itself).
      wrapper.push(child.pid === botPid ? 0 : (readMemory(child.pid)?.rssMb ?? NaN));
    }
    const peak = readMemory(botPid)?.peakRssMb ?? NaN;
    const { code, signal } = await child.stop();
    if (code !== 0) throw new Error(`npm start did not exit 0 on SIGTERM (code ${code}, signal ${signal}):\n${child.log}`);
    return {
      botRssMb: round(median(bot)),
      wrapperRssMb: round(median(wrapper)),
      totalRssMb: round(median(bot) + median(wrapper)),
      botPeakRssMb: round(peak),
      startupToFirstReplyMs: reply.at - spawnedAt,
      startupToDiscordReadyMs: discordReady.at - spawnedAt,
    };
  } finally {
    child.killGroup();
  }
}
