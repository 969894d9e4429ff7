/** `npm run bench -- [options]`: parses the command line into a plan (what to measure, for how long). */
import path from 'node:path';
import { projectRoot } from './child';
import type { Provider } from './databases';

export const USAGE = `npm run bench -- [options]

  (none)               full run (about 3 minutes): both databases at 1, 50 and 200 members, both ceilings, idle memory
  --quick              smoke run (about 30 s): SQLite at 1 and 50 members, short windows, first start only
  --crash              the crash test instead: SIGKILL the bot mid-run, restart it, check every signature
  --db sqlite|postgresql|both    databases to measure (default both, quick sqlite; PostgreSQL is skipped when unreachable)
  --levels 1,50,200    members signing at once, per level (quick 1,50)
  --think-ms N         also run 50 members who pause N ms before each step, as people do (default 1000; 0 = no such level; quick 0)
  --warmup-ms N        per level, before measuring (default 1500; quick 500)
  --measure-ms N       per level (default 5000; quick 1500)
  --only a,b           only these parts: load, framework, storage, idle, and the optional sections (twin, broadcast)
  --profile            CPU-profile the bot at each level (bench/results/profiles/, with a summary per level)
  --bot-node-flags "…" node flags for the bot process (e.g. "--max-semi-space-size=1"), to try a fix
  --out DIR            where latest.json and latest.md go (default bench/results)
  --help`;

export interface Plan {
  mode: 'bench' | 'crash';
  quick: boolean;
  databases: Provider[];
  levels: number[];
  /** Extra levels where members pause between steps (human pacing). */
  pacedLevels: { concurrency: number; thinkMs: number }[];
  warmupMs: number;
  measureMs: number;
  storageMs: number;
  idle: { settleMs: number; sampleMs: number; restart: boolean };
  only: Set<string> | undefined;
  profileDir: string | undefined;
  botNodeFlags: string[];
  outDir: string;
  crash: { members: number; concurrency: number; killAfterReceipts: number; replyTimeoutMs: number; restartDelayMs: number };
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[]): Plan | 'help' {
  const args = [...argv];
  const flags = new Map<string, string | true>();
  while (args.length > 0) {
    const arg = args.shift()!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const takesValue = ['db', 'levels', 'think-ms', 'warmup-ms', 'measure-ms', 'only', 'bot-node-flags', 'out'].includes(name);
    if (!takesValue && !['quick', 'crash', 'profile', 'help'].includes(name)) throw new UsageError(`unknown option --${name}`);
    if (takesValue) {
      const value = inline ?? args.shift();
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      flags.set(name, true);
    }
  }
  if (flags.has('help')) return 'help';
  const quick = flags.has('quick');
  const number = (name: string, fallback: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} must be a number of milliseconds`);
    return value;
  };
  // A smoke run measures SQLite only unless asked; a full run both databases.
  const db = String(flags.get('db') ?? (quick ? 'sqlite' : 'both'));
  if (!['sqlite', 'postgresql', 'both'].includes(db)) throw new UsageError('--db must be sqlite, postgresql or both');
  const levels = String(flags.get('levels') ?? (quick ? '1,50' : '1,50,200'))
    .split(',')
    .map(Number);
  if (levels.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError('--levels must be whole numbers of members, e.g. 1,50,200');
  const outDir = path.resolve(projectRoot, String(flags.get('out') ?? 'bench/results'));
  const only = flags.get('only');
  return {
    mode: flags.has('crash') ? 'crash' : 'bench',
    quick,
    databases: db === 'both' ? ['sqlite', 'postgresql'] : [db as Provider],
    levels,
    pacedLevels: number('think-ms', quick ? 0 : 1000) > 0 ? [{ concurrency: 50, thinkMs: number('think-ms', 1000) }] : [],
    warmupMs: number('warmup-ms', quick ? 500 : 1500),
    measureMs: number('measure-ms', quick ? 1500 : 5000),
    storageMs: quick ? 500 : 2000,
    idle: quick ? { settleMs: 1000, sampleMs: 1000, restart: false } : { settleMs: 3000, sampleMs: 2000, restart: true },
    only: typeof only === 'string' ? new Set(only.split(',')) : undefined,
    profileDir: flags.has('profile') ? path.join(outDir, 'profiles') : undefined,
    botNodeFlags: typeof flags.get('bot-node-flags') === 'string' ? String(flags.get('bot-node-flags')).split(/\s+/).filter(Boolean) : [],
    outDir,
    crash: quick
      ? { members: 60, concurrency: 20, killAfterReceipts: 20, replyTimeoutMs: 15_000, restartDelayMs: 500 }
      : { members: 200, concurrency: 50, killAfterReceipts: 70, replyTimeoutMs: 15_000, restartDelayMs: 1000 },
  };
}
