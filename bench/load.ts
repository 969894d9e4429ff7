/**
 * One load level: a bot child in webhook mode on a fresh database, the fake Telegram in this
 * process, and the members (driver.ts) signing against it; then the bot's memory, logged problems
 * and the signatures in the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../src';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram';
import { botEnv, newKeys, newWebhook, startBareBot, startRealBot, takeOverDelivery, webhookSet } from './bot';
import { readMemory, type Child } from './child';
import { createBenchDatabase, type BenchDatabase, type Provider } from './databases';
import { LoadDriver } from './driver';
import { formatSummary, summariseProfile } from './profile';
import type { Percentiles } from './stats';
import { WebhookClient } from './webhook-client';

export type LoadTarget = { kind: 'bot'; db: Provider } | { kind: 'bare' };

export interface LevelOptions {
  target: LoadTarget;
  concurrency: number;
  /** Members run this long before measuring starts (JIT, caches, connection pools). */
  warmupMs: number;
  measureMs: number;
  /** Write a CPU profile of the bot process into this folder, and a summary of the measured window beside it. */
  profileDir?: string;
  /** Mean pause before each step after the first, as a person reads and types (0: members answer at once). */
  thinkMs?: number;
  /** Node flags for the bot process (trying a fix without touching the code). */
  nodeFlags?: string[];
}

export interface LevelResult {
  target: 'bot' | 'bare-grammy';
  db: Provider | 'none';
  concurrency: number;
  /** Pause between a member's steps, ms. */
  thinkMs: number;
  measuredSeconds: number;
  members: { started: number; signed: number; failed: number };
  /**
   * Completed signatures per second in steady state: members at once ÷ mean time to sign (Little's
   * law; exact for this closed loop). Counting receipts in the window instead (next field) swings
   * with the phase of the waves in which members who started together finish.
   */
  signaturesPerSecond: number;
  receiptsPerSecondCounted: number;
  /** A member's first POST → their receipt, for members who signed in the window. */
  timeToSignMs: Percentiles;
  updatesPerSecond: number;
  /** POST of an update → first API call the bot made for it (answer, message or edit), as the fake recorded it. */
  replyLatencyMs: Percentiles;
  /** POST of an update → the bot's HTTP answer (every reply sent by then). */
  roundTripMs: Percentiles;
  /** Part of the latency spent waiting for one of Telegram's max_connections webhook connections. */
  connectionWaitMs: Percentiles;
  maxConnections: number;
  peakRssMb: number;
  /** When measuring started, ms after the first member: the warm-up plus the first wave. */
  warmupSeconds: number;
  /** CPU of this process (the fake Bot API and the members) in the window, % of one core: near 100, the bench limits the rate. */
  benchCpuPercent: number;
  /** Bot CPU time per update handled in the window, ms: the efficiency figure, least disturbed by other work on the machine. */
  botCpuMsPerUpdate: number;
  /**
   * CPU used in the window by every other process on the machine (% of one core): the PostgreSQL
   * server on its levels, and whatever else was running. High values mean the figures are noisy.
   */
  othersCpuPercent: number;
  /** CPU used by the bot process during the measured window, as % of one core (V8's helper threads can add more). */
  botCpuPercent: number;
  errors: { total: number; kinds: Record<string, number>; samples: string[] };
  /** Signatures in the database after the level, and receipts members received: equal unless something broke. */
  check?: { signaturesInDb: number; receipts: number };
}

/** Each level's members get their own user ids, so no level ever meets another's state. */
let idBase = 10_000_000;

export async function runLevel(options: LevelOptions): Promise<LevelResult> {
  const fake = await startFakeTelegram();
  const db = options.target.kind === 'bot' ? await createBenchDatabase(options.target.db) : undefined;
  const webhook = await newWebhook();
  const flags = [...(options.nodeFlags ?? []), ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
  const child =
    options.target.kind === 'bot' ? startRealBot(botEnv(fake, db!, newKeys(), webhook), flags) : startBareBot(fake, webhook, flags);
  try {
    await webhookSet(fake, child);
    const botPid = await child.botPid();
    const maxConnections = fake.webhookInfo().max_connections ?? 40;
    await takeOverDelivery(fake);
    const client = new WebhookClient(webhook.url, webhook.secret, maxConnections);
    const run = new LoadDriver(fake, client, options, (idBase += 1_000_000));
    try {
      await run.drive(botPid);
    } finally {
      client.close();
    }
    const peakRssMb = readMemory(botPid)?.peakRssMb ?? NaN;
    await stopChild(child);
    if (options.profileDir) writeProfileSummary(options.profileDir, run.windowStart - child.startedAt);
    for (const [message, count] of child.logged) run.error(`bot logged ${message}`, undefined, count);
    const check = db ? { signaturesInDb: await countSignatures(db), receipts: run.receipts.length } : undefined;
    if (check && check.signaturesInDb !== check.receipts) run.error('signatures in database ≠ receipts');
    return run.result(options, maxConnections, peakRssMb, check);
  } finally {
    child.killGroup();
    await fake.close();
    await db?.drop();
  }
}

async function stopChild(child: Child): Promise<void> {
  const { code, signal } = await child.stop();
  if (code !== 0 && signal !== 'SIGTERM') throw new Error(`bot did not stop cleanly (code ${code}, signal ${signal}):\n${child.log}`);
}

/** The bot's main-thread profile is the largest one (the tsx loader thread writes a small one too). */
function writeProfileSummary(dir: string, skipMs: number): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const main = files.sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size)[0];
  if (!main) return;
  const profile = JSON.parse(fs.readFileSync(path.join(dir, main), 'utf8')) as Parameters<typeof summariseProfile>[0];
  fs.writeFileSync(path.join(dir, 'summary.txt'), `${main}, measured window only\n\n${formatSummary(summariseProfile(profile, 30, skipMs))}\n`);
}

async function countSignatures(db: BenchDatabase): Promise<number> {
  const database = await openDatabase(db.url);
  try {
    return await database.prisma.signature.count();
  } finally {
    await database.close();
  }
}
