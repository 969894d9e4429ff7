/**
 * `npm run bench`: load levels of the real Telegram adapter over HTTP against the fake Bot API, the
 * framework and storage ceilings beside them, idle memory of `npm start`, and optional sections;
 * `npm run bench -- --crash`: the crash test. Writes bench/results/latest.{json,md} (crash.{json,md}).
 */
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCrashTest, type CrashResult } from './crash';
import { POSTGRES_ADMIN_URL, postgresReachable, type Provider } from './databases';
import { measureIdle, type IdleResult } from './idle';
import { runLevel, type LevelResult, type LoadTarget } from './load';
import { parseArgs, UsageError, USAGE, type Plan } from './options';
import { benchMarkdown, commit, crashMarkdown, machine, ratios, targets, writeResults, type BenchResults, type CrashResults } from './report';
import { OPTIONAL_SECTIONS, runOptionalSection, type SectionResult } from './sections';
import { round } from './stats';
import { storageCeiling, type StorageResult } from './storage';

const startedAt = Date.now();
const log = (message: string): void => {
  process.stderr.write(`[${String(Math.round((Date.now() - startedAt) / 1000)).padStart(3)} s] ${message}\n`);
};
const dbName = (db: Provider): string => (db === 'sqlite' ? 'SQLite' : 'PostgreSQL');

async function main(): Promise<number> {
  let plan: Plan | 'help';
  try {
    plan = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (plan === 'help') {
    console.log(USAGE);
    return 0;
  }
  // The fake Telegram's webhook sender adds one abort listener per POST in flight (up to max_connections): not a leak.
  setMaxListeners(1000);
  const loadAtStart = os.loadavg()[0]!;
  const notes: string[] = [];
  let databases = plan.databases;
  if (databases.includes('postgresql') && !(await postgresReachable())) {
    databases = databases.filter((db) => db !== 'postgresql');
    notes.push(`PostgreSQL unreachable at ${POSTGRES_ADMIN_URL}: its levels were skipped.`);
    log(notes.at(-1)!);
  }
  return plan.mode === 'crash' ? crash(plan, databases, notes, loadAtStart) : bench(plan, databases, notes, loadAtStart);
}

async function bench(plan: Plan, databases: Provider[], notes: string[], loadAtStart: number): Promise<number> {
  const wanted = (part: string): boolean => plan.only === undefined || plan.only.has(part);
  const load: LevelResult[] = [];
  const framework: LevelResult[] = [];
  const storage: StorageResult[] = [];
  const failures: string[] = [];

  const attempt = async <T>(label: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      const message = `${label} failed: ${error instanceof Error ? error.message : String(error)}`;
      failures.push(message);
      log(message);
      return undefined;
    }
  };
  const level = async (target: LoadTarget, concurrency: number, thinkMs = 0): Promise<LevelResult | undefined> => {
    const name = `${target.kind === 'bot' ? target.db : 'bare'}-${concurrency}${thinkMs ? `-think${thinkMs}` : ''}`;
    const profileDir = plan.profileDir ? path.join(plan.profileDir, name) : undefined;
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
    const result = await attempt(name, () =>
      runLevel({ target, concurrency, thinkMs, warmupMs: plan.warmupMs, measureMs: plan.measureMs, profileDir, nodeFlags: target.kind === 'bot' ? plan.botNodeFlags : [] }),
    );
    if (result) {
      const who = target.kind === 'bot' ? dbName(target.db) : 'bare grammY';
      log(
        `${who}, ${concurrency} at once${thinkMs ? ` (${thinkMs} ms pauses)` : ''}: ${result.signaturesPerSecond} signatures/s, ${result.updatesPerSecond} updates/s, ` +
          `reply p50/p99 ${result.replyLatencyMs.p50}/${result.replyLatencyMs.p99} ms, bot CPU ${result.botCpuMsPerUpdate} ms/update, peak RSS ${result.peakRssMb} MB, errors ${result.errors.total}`,
      );
    }
    return result;
  };

  for (const db of databases) {
    const levels = plan.levels;
    if (wanted('storage')) {
      for (const concurrency of levels) {
        const result = await attempt(`storage ceiling ${db} ${concurrency}`, () => storageCeiling(db, concurrency, plan.storageMs));
        if (result) {
          storage.push(result);
          log(`storage ceiling, ${dbName(db)}, ${concurrency} at once: ${result.insertsPerSecond} inserts/s`);
        }
      }
    }
    if (wanted('load')) {
      for (const concurrency of levels) {
        const result = await level({ kind: 'bot', db }, concurrency);
        if (result) load.push(result);
      }
      for (const paced of plan.pacedLevels) {
        const result = await level({ kind: 'bot', db }, paced.concurrency, paced.thinkMs);
        if (result) load.push(result);
      }
    }
  }
  if (wanted('framework')) {
    const levels = wanted('load') ? [...new Set(load.filter((l) => l.thinkMs === 0).map((l) => l.concurrency))] : plan.levels;
    for (const concurrency of levels.length > 0 ? levels : plan.levels) {
      const result = await level({ kind: 'bare' }, concurrency);
      if (result) framework.push(result);
    }
  }
  let idle: IdleResult | null = null;
  if (wanted('idle')) {
    log('idle npm start (Telegram + Discord)…');
    idle = (await attempt('idle', () => measureIdle({ ...plan.idle, nodeFlags: plan.botNodeFlags }))) ?? null;
    if (idle) log(`idle: bot process ${idle.firstStart.botRssMb} MB first start${idle.restart ? `, ${idle.restart.botRssMb} MB after a restart` : ''}`);
  }
  const sections: Record<string, SectionResult> = {};
  for (const section of OPTIONAL_SECTIONS) {
    if (!wanted(section.id)) {
      sections[section.id] = { status: 'skipped', title: section.title, file: section.file };
      continue;
    }
    sections[section.id] = await runOptionalSection(section, { quick: plan.quick });
    log(`${section.title}: ${sections[section.id]!.status}`);
  }

  const ratioList = ratios(load, framework, storage);
  const bareShort = framework.filter((f) => f.botCpuPercent < 80);
  if (bareShort.length > 0) {
    notes.push(
      `The bare grammY bot used under 80% of a core at concurrency ${bareShort.map((f) => f.concurrency).join(', ')}: there its rate is limited by ` +
        'the rest of the machine (the bench process with the fake Bot API and the members, and other processes, on 2 cores), so the framework ' +
        'ceiling understates grammY and the ratios against it flatter the bot.',
    );
  }
  const measured = [...load, ...framework].filter((l) => Number.isFinite(l.othersCpuPercent));
  const others = measured.reduce((sum, l) => sum + l.othersCpuPercent, 0) / Math.max(1, measured.length);
  if (others > 25) {
    notes.push(
      `Other processes used ${Math.round(others)}% of a core on average during the measured windows (PostgreSQL's server included on its rows): ` +
        'rates and latencies are noisy; bot CPU per update is the steadiest figure for comparing runs.',
    );
  }
  if (failures.length > 0) notes.push(...failures.map((f) => `Not measured: ${f}`));
  const results: BenchResults = {
    kind: 'bench',
    when: new Date().toISOString(),
    commit: commit(),
    quick: plan.quick,
    machine: machine(loadAtStart),
    settings: { levels: plan.levels, warmupMs: plan.warmupMs, measureMs: plan.measureMs, storageMs: plan.storageMs, databases, botNodeFlags: plan.botNodeFlags },
    load,
    ceilings: { framework, storage },
    ratios: ratioList,
    idle,
    sections,
    targets: targets(load, ratioList, idle),
    notes,
    durationSeconds: round((Date.now() - startedAt) / 1000, 3),
  };
  const files = writeResults(plan.outDir, 'latest', results, benchMarkdown(results));
  log(`wrote ${files.json} and ${files.md}`);
  process.stdout.write(benchMarkdown(results));
  return failures.length > 0 ? 1 : 0;
}

async function crash(plan: Plan, databases: Provider[], notes: string[], loadAtStart: number): Promise<number> {
  const runs: CrashResult[] = [];
  let failed = false;
  for (const db of databases) {
    log(`crash test on ${dbName(db)}: ${plan.crash.members} members, ${plan.crash.concurrency} at once…`);
    try {
      const run = await runCrashTest({ db, ...plan.crash });
      runs.push(run);
      log(`${dbName(db)}: killed at ${run.killedAt.msAfterStart} ms, ${run.receipts} receipts, ${run.signatures} signatures, violations ${run.violations.total}`);
      if (run.violations.total > 0 || run.redelivery.pendingAtEnd > 0) failed = true;
    } catch (error) {
      failed = true;
      notes.push(`${dbName(db)}: the crash test could not run: ${error instanceof Error ? error.message : String(error)}`);
      log(notes.at(-1)!);
    }
  }
  const results: CrashResults = { kind: 'crash', when: new Date().toISOString(), commit: commit(), machine: machine(loadAtStart), runs, notes };
  const files = writeResults(plan.outDir, 'crash', results, crashMarkdown(results));
  log(`wrote ${files.json} and ${files.md}`);
  process.stdout.write(crashMarkdown(results));
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
