/** The results of a run as JSON and as a Markdown table (bench/results/latest.json and latest.md), and the targets they meet or miss. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './child';
import type { CrashResult } from './crash';
import type { IdleResult, IdleRun } from './idle';
import type { LevelResult } from './load';
import type { SectionResult } from './sections';
import { round } from './stats';
import type { StorageResult } from './storage';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  memoryGb: number;
  /** 1-minute load average at the start and end: above the core count, other work shared the machine. */
  loadAverage: { start: number; end: number };
}

export interface Ratio {
  db: string;
  concurrency: number;
  thinkMs: number;
  /** Bot signatures/s ÷ raw inserts/s, same database, same concurrency. */
  signaturesVsStorage: number | null;
  /** Bot updates/s ÷ bare grammY updates/s, same concurrency. */
  updatesVsFramework: number | null;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchResults {
  kind: 'bench';
  when: string;
  commit: string;
  quick: boolean;
  machine: Machine;
  settings: { levels: number[]; warmupMs: number; measureMs: number; storageMs: number; databases: string[]; botNodeFlags: string[] };
  load: LevelResult[];
  ceilings: { framework: LevelResult[]; storage: StorageResult[] };
  ratios: Ratio[];
  idle: IdleResult | null;
  sections: Record<string, SectionResult>;
  targets: TargetCheck[];
  notes: string[];
  durationSeconds: number;
}

export interface CrashResults {
  kind: 'crash';
  when: string;
  commit: string;
  machine: Machine;
  runs: CrashResult[];
  notes: string[];
}

export function machine(loadAtStart: number): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    memoryGb: round(os.totalmem() / 2 ** 30, 2),
    loadAverage: { start: round(loadAtStart, 2), end: round(os.loadavg()[0]!, 2) },
  };
}

export function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bots', 'prisma'], { cwd: projectRoot, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} + uncommitted changes in src/bots/prisma` : sha;
  } catch {
    return 'unknown';
  }
}

export function ratios(load: LevelResult[], framework: LevelResult[], storage: StorageResult[]): Ratio[] {
  return load.map((level) => {
    // Members who pause between steps are not trying to go fast: no ceiling applies.
    const paced = level.thinkMs > 0;
    const bare = paced ? undefined : framework.find((f) => f.concurrency === level.concurrency);
    const store = paced ? undefined : storage.find((s) => s.db === level.db && s.concurrency === level.concurrency);
    return {
      db: level.db,
      concurrency: level.concurrency,
      thinkMs: level.thinkMs,
      signaturesVsStorage: store && store.insertsPerSecond > 0 ? round(level.signaturesPerSecond / store.insertsPerSecond, 2) : null,
      updatesVsFramework: bare && bare.updatesPerSecond > 0 ? round(level.updatesPerSecond / bare.updatesPerSecond, 2) : null,
    };
  });
}

/** The issue's targets: reported, never asserted. */
export function targets(load: LevelResult[], ratiosList: Ratio[], idle: IdleResult | null): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const sqlite200 = ratiosList.find((r) => r.db === 'sqlite' && r.concurrency === 200 && r.thinkMs === 0);
  const signed200 = load.find((l) => l.db === 'sqlite' && l.concurrency === 200 && l.thinkMs === 0);
  checks.push({
    target: 'SQLite, 200 members: signatures/s ≥ 50% of the storage ceiling',
    measured: sqlite200?.signaturesVsStorage != null && signed200 ? `${signed200.signaturesPerSecond}/s = ${pct(sqlite200.signaturesVsStorage)} of the ceiling` : 'not measured',
    met: sqlite200?.signaturesVsStorage != null ? sqlite200.signaturesVsStorage >= 0.5 : null,
  });
  for (const level of load.filter((l) => l.concurrency === 50)) {
    const pacing = level.thinkMs > 0 ? ` pausing ${level.thinkMs / 1000} s between steps` : ' answering at once';
    checks.push({
      target: `${dbName(level.db)}, 50 members${pacing}: p99 update→reply < 50 ms`,
      measured: `${level.replyLatencyMs.p99} ms`,
      met: Number.isFinite(level.replyLatencyMs.p99) ? level.replyLatencyMs.p99 < 50 : null,
    });
  }
  const runs: [string, IdleRun | undefined][] = [['first start', idle?.firstStart], ['restart', idle?.restart]];
  for (const [label, run] of runs) {
    if (!run) continue;
    checks.push({
      target: `Idle RSS of npm start < 150 MB (${label})`,
      measured: `bot process ${run.botRssMb} MB (+ wrapper ${run.wrapperRssMb} MB = ${run.totalRssMb} MB)`,
      met: run.botRssMb < 150,
    });
  }
  return checks;
}

const pct = (ratio: number): string => `${round(ratio * 100, 2)}%`;
const dbName = (db: string): string => (db === 'sqlite' ? 'SQLite' : db === 'postgresql' ? 'PostgreSQL' : db);
const ms = (value: number): string => (Number.isFinite(value) ? String(value) : '–');
const ratioCell = (value: number | null): string => (value == null ? '–' : `×${value}`);
const met = (value: boolean | null): string => (value === null ? 'not measured' : value ? '**met**' : '**missed**');

const percent = (value: number): string => (Number.isFinite(value) ? `${Math.round(value)}%` : '–');
const cpuCell = (level: LevelResult): string => `${percent(level.botCpuPercent)} / ${percent(level.benchCpuPercent)} / ${percent(level.othersCpuPercent)}`;

function errorsCell(level: LevelResult): string {
  if (level.errors.total === 0) return '0';
  return `${level.errors.total} (${Object.entries(level.errors.kinds).map(([k, n]) => `${k}: ${n}`).join('; ')})`;
}

function machineLine(m: Machine, when: string, commitId: string): string {
  const busy = m.loadAverage.start > m.cpus * 0.5 || m.loadAverage.end > m.cpus * 0.5;
  return (
    `${when}, commit ${commitId}; ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}; ` +
    `load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end` +
    (busy ? ' (other work shared the machine: figures are noisy)' : '')
  );
}

export function benchMarkdown(r: BenchResults): string {
  const out: string[] = [];
  out.push(`# Benchmark${r.quick ? ' (quick smoke run)' : ''}`, '');
  out.push(machineLine(r.machine, r.when, r.commit), '');
  out.push(
    `Each level: the bot (\`bots/main.ts\` in webhook mode, a child process) on a fresh database; members sign ` +
      `bristol-guangzhou (start payload → Sign → eligibility Yes → name → Skip email → postcode → Confirm → receipt: 7 updates), ` +
      `and each member who finishes is replaced by a new one. Unless a row says they pause, members answer the moment the reply ` +
      `arrives: the worst case, where N members keep N updates in flight. Measuring starts after ${r.settings.warmupMs / 1000} s and once a first ` +
      `wave of members has finished, and lasts ${r.settings.measureMs / 1000} s. Updates are POSTed to the webhook over at most ` +
      `max_connections = ${r.load[0]?.maxConnections ?? r.ceilings.framework[0]?.maxConnections ?? 40} keep-alive connections, as Telegram does. ` +
      `Signatures/s: members at once ÷ mean time to sign (first update → receipt), i.e. the steady-state completion rate. ` +
      `Reply latency: update handed to Telegram's side → the bot's first API call for it, as the fake Bot API recorded it (ms resolution). ` +
      `CPU: % of one core used in the window by the bot process, by the bench process (fake Bot API and members), and by all other ` +
      `processes (the PostgreSQL server on its rows, and anything else running on the machine).` +
      (r.settings.botNodeFlags.length ? ` Bot node flags: \`${r.settings.botNodeFlags.join(' ')}\`.` : ''),
    '',
  );
  out.push('## Load', '');
  out.push('| Database | Members at once | Signatures/s | vs storage ceiling | Updates/s | vs framework ceiling | Reply p50 / p95 / p99 (ms) | Time to sign p50 (s) | Peak RSS (MB) | Bot CPU per update (ms) | CPU: bot / bench / others | Errors |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const level of r.load) {
    const ratio = r.ratios.find((x) => x.db === level.db && x.concurrency === level.concurrency && x.thinkMs === level.thinkMs);
    const l = level.replyLatencyMs;
    const members = level.thinkMs > 0 ? `${level.concurrency}, pausing ${level.thinkMs / 1000} s per step` : String(level.concurrency);
    out.push(
      `| ${dbName(level.db)} | ${members} | ${level.signaturesPerSecond} | ${ratioCell(ratio?.signaturesVsStorage ?? null)} | ${level.updatesPerSecond} | ` +
        `${ratioCell(ratio?.updatesVsFramework ?? null)} | ${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} | ${ms(round(level.timeToSignMs.p50 / 1000, 2))} | ${level.peakRssMb} | ${ms(level.botCpuMsPerUpdate)} | ${cpuCell(level)} | ${errorsCell(level)} |`,
    );
  }
  out.push('', '## Ceilings (same run, same machine)', '');
  out.push('| Ceiling | Database | Concurrency | Rate | Reply p50 / p95 / p99 (ms) | Bot CPU per update (ms) | CPU: bot / bench / others | Errors |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const f of r.ceilings.framework) {
    const l = f.replyLatencyMs;
    out.push(`| bare grammY bot (no engine, no database) | – | ${f.concurrency} | ${f.updatesPerSecond} updates/s (${f.signaturesPerSecond} conversations/s) | ${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} | ${ms(f.botCpuMsPerUpdate)} | ${cpuCell(f)} | ${errorsCell(f)} |`);
  }
  for (const s of r.ceilings.storage) {
    out.push(`| raw single-row inserts through Prisma | ${dbName(s.db)} | ${s.concurrency} | ${s.insertsPerSecond} inserts/s | – | – | – | ${s.errors} |`);
  }
  if (r.idle) {
    out.push('', '## Idle `npm start` (Telegram + Discord configured, SQLite)', '');
    out.push('| Start | Bot process RSS (MB) | wrapper RSS (MB) | Total (MB) | Peak RSS (MB) | Start-up → first update answered (ms) | Start-up → Discord ready (ms) |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const runs: [string, IdleRun | undefined][] = [['first (fresh database)', r.idle.firstStart], ['restart (same database)', r.idle.restart]];
    for (const [label, run] of runs) {
      if (!run) continue;
      out.push(`| ${label} | ${run.botRssMb} | ${run.wrapperRssMb} | ${run.totalRssMb} | ${run.botPeakRssMb} | ${run.startupToFirstReplyMs} | ${run.startupToDiscordReadyMs} |`);
    }
    out.push('', `RSS read from /proc/<pid>/status (VmRSS, median over samples) ${r.idle.settledSeconds} s after both adapters were up.`);
  }
  out.push('', '## Targets (reported, not asserted)', '', '| Target | Measured | |', '| --- | --- | --- |');
  for (const t of r.targets) out.push(`| ${t.target} | ${t.measured} | ${met(t.met)} |`);
  for (const [, section] of Object.entries(r.sections)) out.push('', ...sectionMarkdown(section));
  if (r.notes.length > 0) out.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  out.push('', `Run took ${r.durationSeconds} s. Regenerate with \`npm run bench\` (\`--quick\` for a smoke run); see bench/README.md.`, '');
  return out.join('\n');
}

function sectionMarkdown(section: SectionResult): string[] {
  const out = [`## ${section.title}`, ''];
  if (section.status === 'pending') return [...out, `Not measured yet: ${section.file} does not exist (the section is picked up as soon as it does).`];
  if (section.status === 'skipped') return [...out, 'Skipped (--only).'];
  if (section.status === 'failed') return [...out, `Failed: ${section.error}`];
  const rows = section.rows ?? [];
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (columns.length > 0) {
    out.push(`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`);
    for (const row of rows) out.push(`| ${columns.map((c) => String(row[c] ?? '–')).join(' | ')} |`);
  }
  for (const note of section.notes ?? []) out.push('', note);
  return out;
}

export function crashMarkdown(r: CrashResults): string {
  const out = ['# Crash test', '', machineLine(r.machine, r.when, r.commit), ''];
  out.push(
    'Members sign through the fake Telegram\'s own webhook delivery (it resends any update that got no 2xx); the bot ' +
      '(`bots/main.ts`, webhook mode, a child process) is SIGKILLed mid-run and restarted on the same database. A member ' +
      'with no answer within the reply timeout starts over from the petition link, as a person would.',
    '',
  );
  out.push('| | ' + r.runs.map((run) => dbName(run.db)).join(' | ') + ' |', '| --- | ' + r.runs.map(() => '---:').join(' | ') + ' |');
  const row = (label: string, value: (run: CrashResult) => string | number | undefined): void => {
    out.push(`| ${label} | ${r.runs.map((run) => String(value(run) ?? '–')).join(' | ')} |`);
  };
  row('Members (at once)', (x) => `${x.members} (${x.concurrency})`);
  row('Killed at', (x) => `${round(x.killedAt.msAfterStart / 1000, 2)} s, after ${x.killedAt.receiptsBefore} receipts`);
  row('Updates without a 2xx at the kill', (x) => x.redelivery.pendingAtKill);
  row('… redelivered and acknowledged after the restart', (x) => x.redelivery.acknowledgedAfterRestart);
  row('… recorded as handled in the database', (x) => x.redelivery.handled);
  row("Fake's webhook error after the kill", (x) => x.redelivery.lastError);
  row('Kill → restarted bot ready', (x) => `${round(x.restartMs / 1000, 2)} s`);
  row('Members who pressed Confirm', (x) => x.membersWhoPressedConfirm);
  row('Receipts received', (x) => x.receipts);
  row('Signatures in the database', (x) => x.signatures);
  row('Members told "you already signed" instead of a receipt', (x) => x.outcomes.toldAlreadySigned);
  row('Members who got no answer and started over', (x) => x.membersWhoStartedOver);
  row('Members who gave up', (x) => x.outcomes.gaveUp);
  row('Violations: receipt without exactly one signature', (x) => x.violations.receiptWithoutExactlyOneSignature);
  row('Violations: signature without Confirm', (x) => x.violations.signatureWithoutConfirm);
  row('**Violations, total**', (x) => `**${x.violations.total}**`);
  row('Members sent the receipt twice', (x) => x.membersWithTwoReceipts);
  row('Warnings and errors the bot logged', (x) => Object.entries(x.botLogged).map(([m, n]) => `${n} × ${m}`).join('; ') || 'none');
  row('Duration', (x) => `${round(x.durationMs / 1000, 2)} s`);
  for (const run of r.runs.filter((x) => x.membersWhoStartedOver > 0)) {
    const allConfirmed = run.outcomes.toldAlreadySigned === run.membersWhoStartedOver;
    out.push(
      '',
      `Lost replies on ${dbName(run.db)}: ${run.membersWhoStartedOver} member(s) got no answer within the timeout and started over. ` +
        (allConfirmed
          ? 'Each was then told "you already signed": their Confirm had been committed before the process died, but the receipt not yet sent. '
          : 'Their update had been handled before the process died, but the reply not yet sent. ') +
        'Telegram resent the update, the bot recognised it as a duplicate and answered nothing. No data is wrong, but the member waits in vain.',
    );
  }
  if (r.notes.length > 0) out.push('', ...r.notes.map((n) => `- ${n}`));
  out.push('', 'Regenerate with `npm run bench -- --crash`.', '');
  return out.join('\n');
}

/** Writes atomically (a .tmp then rename), so an interrupted run never leaves half a file. */
export function writeResults(dir: string, base: string, json: object, markdown: string): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const jsonFile = path.join(dir, `${base}.json`);
  const mdFile = path.join(dir, `${base}.md`);
  fs.writeFileSync(`${jsonFile}.tmp`, `${JSON.stringify(json, null, 2)}\n`);
  fs.renameSync(`${jsonFile}.tmp`, jsonFile);
  fs.writeFileSync(`${mdFile}.tmp`, markdown);
  fs.renameSync(`${mdFile}.tmp`, mdFile);
  return { json: path.relative(projectRoot, jsonFile), md: path.relative(projectRoot, mdFile) };
}
