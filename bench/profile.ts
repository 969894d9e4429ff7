/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --profile`, or node --cpu-prof): where the time
 * went by package or project folder, and the functions with the most self and total time.
 *   npx tsx bench/profile.ts <file.cpuprofile> [--top 25] [--skip-ms 3000]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /**
   * Each sample charged to the nearest package or project folder on its stack: who asked for the work
   * (node's HTTP parsing under node-fetch counts as node-fetch). The most useful view of the three.
   */
  byOwner: { owner: string; ms: number; percent: number }[];
  /** Self time by where the code lives: a node_modules package, a project folder, node itself, or idle/GC. */
  byArea: { area: string; ms: number; percent: number }[];
  selfTop: { fn: string; ms: number; percent: number }[];
  /** Time with the function anywhere on the stack (each sample counted once per function). */
  totalTop: { fn: string; ms: number; percent: number }[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function area(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const file = url.replace(/^file:\/\//, '');
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (modules) return modules[1]!;
  if (file.startsWith('node:') || !file.startsWith('/')) return 'node';
  const relative = path.relative(root, file);
  if (relative.startsWith('..')) return 'other';
  return relative.split(path.sep).slice(0, 2).join('/');
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(`${root}/`, '').replace(/^.*node_modules\//, '');
  return `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
}

/** skipMs leaves out the start of the profile (start-up), so a summary can cover the load alone. */
export function summariseProfile(profile: CpuProfile, top = 25, skipMs = 0): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const areas = new Map<string, number>();
  const owners = new Map<string, number>();
  let totalMs = 0;
  let elapsedMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsedMs += ms;
    const node = byId.get(id);
    if (!node || elapsedMs < skipMs) return;
    totalMs += ms;
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + ms);
    const a = area(node.callFrame.url, node.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    let owner = a.startsWith('(') ? a : 'node';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const where = area(frame.url, frame.functionName);
      if (where !== 'node' && !where.startsWith('(')) {
        owner = where;
        break;
      }
    }
    owners.set(owner, (owners.get(owner) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = label(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  const rank = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => ({ k, ms: Math.round(ms), percent: Math.round((ms / totalMs) * 1000) / 10 }));
  return {
    totalMs: Math.round(totalMs),
    byOwner: rank(owners, 20).map(({ k, ms, percent }) => ({ owner: k, ms, percent })),
    byArea: rank(areas, 20).map(({ k, ms, percent }) => ({ area: k, ms, percent })),
    selfTop: rank(self, top).map(({ k, ms, percent }) => ({ fn: k, ms, percent })),
    totalTop: rank(total, top).filter(({ k }) => !k.startsWith('(root)')).map(({ k, ms, percent }) => ({ fn: k, ms, percent })),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const lines = [`total sampled: ${summary.totalMs} ms`, '', 'time by owner (nearest package or project folder on the stack):'];
  for (const o of summary.byOwner) lines.push(`  ${String(o.percent).padStart(5)}%  ${String(o.ms).padStart(7)} ms  ${o.owner}`);
  lines.push('', 'self time by area:');
  for (const a of summary.byArea) lines.push(`  ${String(a.percent).padStart(5)}%  ${String(a.ms).padStart(7)} ms  ${a.area}`);
  lines.push('', 'top self time:');
  for (const f of summary.selfTop) lines.push(`  ${String(f.percent).padStart(5)}%  ${String(f.ms).padStart(7)} ms  ${f.fn}`);
  lines.push('', 'top total time (on the stack):');
  for (const f of summary.totalTop) lines.push(`  ${String(f.percent).padStart(5)}%  ${String(f.ms).padStart(7)} ms  ${f.fn}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/profile.ts <file.cpuprofile> [--top N] [--skip-ms N]');
    process.exit(2);
  }
  const flag = (name: string, fallback: number): number => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  console.log(formatSummary(summariseProfile(profile, flag('--top', 25), flag('--skip-ms', 0))));
}
