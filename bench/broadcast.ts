/**
 * Broadcast delivery: the real bot (`bots/main.ts`, as `npm start` runs it, long polling) sends one
 * campaign update to N opted-in Telegram members through the fake Bot API enforcing Telegram's
 * limits in real time (no time scaling). Reported: the time from the update being queued to the last
 * message arriving at the fake, against the ceiling N/30 s that Telegram's 30 messages a second
 * allow, as a ratio; and any 429 the fake had to answer.
 */
import { createApp, loadConfig, silentLogger } from '../src';
import { queueBroadcast } from '../src/broadcast';
import { startFakeTelegram } from '../test/fakes/telegram';
import { botEnv, newKeys, startRealBot } from './bot';
import { sleep } from './child';
import { createBenchDatabase, postgresReachable, type Provider } from './databases';
import type { SectionOptions } from './sections';
import { percentiles, round } from './stats';

const TEXT = 'Council vote on Tuesday: please come';

interface Row {
  database: string;
  targets: number;
  /** Queued (committed) → the last message at the fake. */
  seconds: number;
  /** N / 30: Telegram's ceiling for N messages. */
  ceilingSeconds: number;
  /** ceiling / seconds; 1 would be Telegram's full 30 a second. */
  ratioToCeiling: number;
  /** Queued → the first message at the fake (the worker's poll and claim). */
  firstAfterMs: number;
  /** First → last message: the pace once going. */
  sendsPerSecond: number;
  /** Gaps between consecutive messages at the fake, ms. */
  gapMs: { p50: number; p99: number; max: number };
  /** Answers with error_code 429 from the fake (each costs a pause of retry_after). */
  tooManyRequests: number;
  sent: number;
}

async function measure(provider: Provider, n: number): Promise<Row> {
  const fake = await startFakeTelegram({ enforceLimits: true });
  const db = await createBenchDatabase(provider);
  const env = botEnv(fake, db, newKeys(), undefined, 'warn');
  // Seeding and reading happen in this process, on the bot's database.
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { log: silentLogger, sweeper: false });
  const bot = startRealBot(env);
  try {
    const base = 7_000_000_000;
    await app.db.write(async (tx) => {
      const rows = Array.from({ length: n }, (_, i) => ({ memberHash: `bench-${i}`, userId: String(base + i) }));
      await tx.memberPreference.createMany({ data: rows.map((r) => ({ memberHash: r.memberHash, updatesOptIn: true, lang: 'en' })) });
      await tx.memberAddress.createMany({ data: rows.map((r) => ({ memberHash: r.memberHash, platform: 'telegram', addressEnc: app.services.cipher.encrypt(r.userId), lang: 'en' })) });
    });
    const exited = bot.exited.then(({ code }) => {
      throw new Error(`the bot exited during the run (code ${code}):\n${bot.log}`);
    });
    await Promise.race([fake.waitForCall('deleteWebhook', undefined, 60_000), exited]);
    // Let start-up settle (command menus, the first long poll, the sender lease).
    await sleep(1500);
    const { id } = await app.db.write((tx) =>
      queueBroadcast(tx, {
        draft: { textEn: TEXT, textYue: null, petitionId: null, audience: 'members' },
        author: null,
        actor: 'bench',
        platforms: ['telegram'],
        now: new Date(),
      }),
    );
    const queuedAt = Date.now();
    const deadline = queuedAt + Math.max(60_000, (n / 30) * 3000);
    let finished = false;
    while (!finished) {
      if (Date.now() > deadline) throw new Error(`the update had not reached ${n} members after ${Math.round((deadline - queuedAt) / 1000)} s`);
      await Promise.race([sleep(200), exited]);
      const row = await app.db.prisma.broadcast.findUnique({ where: { id }, select: { finishedAt: true } });
      finished = row?.finishedAt != null;
    }
    const progress = await app.broadcasts.progress(id);
    const arrivals = fake.calls
      .filter((c) => c.method === 'sendMessage' && c.response?.ok === true && c.params.text === TEXT)
      .map((c) => c.at)
      .sort((a, b) => a - b);
    const seconds = (arrivals.at(-1)! - queuedAt) / 1000;
    const ceiling = n / 30;
    const gaps = percentiles(arrivals.slice(1).map((at, i) => at - arrivals[i]!));
    return {
      database: provider === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      targets: n,
      seconds: round(seconds),
      ceilingSeconds: round(ceiling),
      ratioToCeiling: round(ceiling / seconds),
      firstAfterMs: arrivals[0]! - queuedAt,
      sendsPerSecond: round((arrivals.length - 1) / ((arrivals.at(-1)! - arrivals[0]!) / 1000)),
      gapMs: { p50: gaps.p50, p99: gaps.p99, max: gaps.max },
      tooManyRequests: fake.stats.tooManyRequests,
      sent: progress?.sent ?? 0,
    };
  } finally {
    await bot.stop();
    await app.close();
    await fake.close();
    await db.drop();
  }
}

export async function run(options: SectionOptions): Promise<{ rows: Row[]; notes: string[] }> {
  const n = options.quick ? 90 : 300;
  const providers: Provider[] = options.quick || !(await postgresReachable()) ? ['sqlite'] : ['sqlite', 'postgresql'];
  const rows: Row[] = [];
  for (const provider of providers) rows.push(await measure(provider, n));
  const notes = [
    `${n} opted-in Telegram members, one update each, sent by bots/main.ts against the fake Bot API enforcing 30 messages/s (real time). ` +
      'The sender keeps to 29/s (TELEGRAM_POLICY), leaving room for replies to members, so the best possible ratio is about 0.95.',
  ];
  if (!providers.includes('postgresql') && !options.quick) notes.push('PostgreSQL unreachable: SQLite only.');
  return { rows, notes };
}
