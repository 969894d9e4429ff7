/**
 * The sending process is killed (SIGKILL) midway through an update to 1,000 Telegram targets, 200
 * Discord channels and 40 Discord members, and started again on the same database; twice, once
 * with Discord halfway and once with Telegram halfway. Counted at the
 * fakes, no target ever gets two copies; every delivery ends sent or unknown; a sent one arrived
 * exactly once; an unknown one (a Telegram send in flight at the kill) arrived at most once and was
 * never repeated. Discord's interrupted sends are repeated under the same enforced nonce, which
 * Discord (here: a proxy modelling it in front of the fake) answers with the first message.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src';
import type { RunOptions } from '../../bots/run';
import { queue, seedMembers, statuses, waitDone, waitFor } from './helpers';
import { startNonceProxy, type NonceProxy } from './nonce-proxy';
import {
  ADMIN,
  botEnv,
  botReady,
  discordCopies,
  discordFloods,
  openApp,
  seedDiscordChannels,
  seedDiscordMembers,
  seedTelegramGroups,
  startBotProcess,
  startFakes,
  telegramCopies,
  telegramFloods,
  tempDir,
  TEXT_EN,
  TEXT_YUE,
  type BotProcess,
  type Fakes,
} from './e2e-harness';

const TIME_SCALE = 0.25;
/** Leases short enough that the restarted process takes over within seconds (defaults: 15 s, 60 s, 30 s). */
const RUN: RunOptions = { timeScale: TIME_SCALE, worker: { pollMs: 100, senderLeaseMs: 2000, queue: { claimLeaseMs: 4000, sendLeaseMs: 3000 } } };

/** Blocks this process (and so the fakes in it) for ms. */
function freeze(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let fakes: Fakes;
let proxy: NonceProxy;
let dir: string;
let env: Record<string, string>;
let app: App;
const bots: BotProcess[] = [];

async function startBot(): Promise<BotProcess> {
  const since = Date.now();
  const bot = startBotProcess(env, RUN);
  bots.push(bot);
  await botReady(fakes, bot, since);
  return bot;
}

beforeAll(async () => {
  dir = tempDir();
  fakes = await startFakes(TIME_SCALE);
  proxy = await startNonceProxy(fakes.discord.apiBase);
  env = botEnv(fakes, dir, { LOG_LEVEL: 'warn', DISCORD_API_BASE: proxy.apiBase });
  app = await openApp(env);
}, 60_000);

afterAll(async () => {
  for (const bot of bots) await bot.stop();
  await app?.close();
  await proxy?.close();
  await fakes?.close();
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

it('GIVEN an update under way WHEN the sending process is SIGKILLed, twice, and started again THEN no target gets it twice, and every target not in flight at a kill gets it exactly once', async () => {
  const { telegram, discord } = fakes;
  const members = await seedMembers(app, 'telegram', 900, (i) => (i % 3 ? 'en' : 'yue'));
  const groups = await seedTelegramGroups(app, telegram, 100);
  const channels = await seedDiscordChannels(app, discord, 200);
  const dms = await seedDiscordMembers(app, discord, 40);
  const tgTargets = [...members, ...groups];
  const reached = (targets: string[], copies: (t: string) => number) => targets.filter((t) => copies(t) > 0).length;
  const log = () => bots.map((b, i) => `--- bot ${i + 1} ---\n${b.log().slice(-3000)}`).join('\n');
  /** When the fakes answered 429 to requests of a process already dead (see killMidway). */
  const frozen: [number, number][] = [];

  /**
   * Sends must be in flight when the process dies. The fakes live in this process: freeze it, so
   * that requests pile up unanswered, and SIGKILL the bot meanwhile. The fakes then take the
   * requests that reached them, for a process that no longer exists.
   */
  async function killMidway(bot: BotProcess, id: string): Promise<Record<string, number>> {
    const from = Date.now();
    freeze(300);
    bot.child.kill('SIGKILL');
    await bot.exited;
    const atKill = await statuses(app, id);
    frozen.push([from, Date.now()]);
    return atKill;
  }

  try {
    const first = await startBot();
    // Queued as /broadcast would (e2e-delivery.test.ts authors one through Telegram), with the admin as author.
    const { id } = await queue(app, { textEn: TEXT_EN, textYue: TEXT_YUE }, { platform: 'telegram', address: String(ADMIN.id) });
    // First kill: Discord halfway (its sends are repeated under their nonce), Telegram under way.
    await waitFor('half the Discord channels', async () => reached(channels, (c) => discordCopies(discord, c)) >= 100, 60_000);
    const atFirstKill = await killMidway(first, id);
    const arrivedAtFirstKill = reached(tgTargets, (t) => telegramCopies(telegram, t));
    // Second kill: Telegram halfway.
    const second = await startBot();
    await waitFor('half the Telegram targets', async () => reached(tgTargets, (t) => telegramCopies(telegram, t)) >= 500, 60_000);
    const atSecondKill = await killMidway(second, id);
    const restartedAt = Date.now();
    const third = await startBot();
    const final = await waitDone(app, id, 90_000);
    expect(await third.stop()).toBe(0);

    const total = tgTargets.length + channels.length + dms.length;
    const s = await statuses(app, id);
    expect(final.total).toBe(total);
    expect((s.sent ?? 0) + (s.unknown ?? 0), JSON.stringify(s)).toBe(total);

    // Every delivery against what the fakes hold for its target.
    const rows = await app.db.prisma.broadcastDelivery.findMany({ where: { broadcastId: id } });
    const copies = rows.map((r) => {
      const to = r.kind === 'channel' ? r.chatId! : app.services.cipher.decrypt(r.addressEnc!);
      const n = r.platform === 'telegram' ? telegramCopies(telegram, to) : discordCopies(discord, to, r.kind === 'member');
      return { status: r.status, platform: r.platform, n };
    });
    expect(copies.filter((c) => c.n > 1)).toEqual([]);
    expect(copies.filter((c) => c.status === 'sent' && c.n !== 1)).toEqual([]);
    expect(copies.filter((c) => c.status === 'unknown' && c.platform === 'discord')).toEqual([]);
    // Nothing that had started before a kill was sent again: the unknown ones are at most the sends
    // marked as started and not finished when a process died.
    const unknown = copies.filter((c) => c.status === 'unknown');
    const inFlight = (atFirstKill.sending ?? 0) + (atSecondKill.sending ?? 0);
    expect(atFirstKill.sending ?? 0).toBeGreaterThan(0);
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.length).toBeLessThanOrEqual(inFlight);
    // Every process kept to the limits; the only 429s answered requests piled up while frozen.
    const live = (at: number): boolean => frozen.every(([from, to]) => at < from || at > to + 200);
    const targets = new Set([...tgTargets]);
    expect(telegramFloods(telegram).filter((f) => targets.has(f.chat) && live(f.at))).toEqual([]);
    expect(discordFloods(discord).filter((f) => live(f.at))).toEqual([]);

    // The author's one progress message, carried on by each new process, ends as the summary.
    await waitFor('the summary', async () => telegram.messagesTo(ADMIN.id).some((m) => /finished:/.test(m.text ?? '')), 10_000);
    expect(telegram.messagesTo(ADMIN.id).filter((m) => /Sending update|finished:/.test(m.text ?? ''))).toHaveLength(1);
    console.log(
      `[e2e crash] first kill with ${arrivedAtFirstKill} Telegram targets reached (rows: ${JSON.stringify(atFirstKill)}); second with ` +
        `${JSON.stringify(atSecondKill)}; the third process finished in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s: ${JSON.stringify(s)}; ` +
        `${unknown.filter((u) => u.n === 1).length} of the unknown arrived; ${proxy.repeats} Discord repeats answered by nonce`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${log()}`);
  }
}, 180_000);
