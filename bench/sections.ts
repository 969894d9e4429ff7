/**
 * Optional sections: benchmarks other issues add as their own file in bench/. Each is listed here
 * once; a file that does not exist yet is reported as pending, not as a failure.
 *
 * A section module exports `run(options)` (or a default function, or one exported function of any
 * name) returning either { rows: [...], notes?: [...] } or a flat object of figures. Every figure
 * lands in latest.json and in a table in latest.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './child';

export interface SectionOptions {
  quick: boolean;
}

export type Figure = string | number | boolean | null;

export interface SectionResult {
  status: 'measured' | 'pending' | 'failed' | 'skipped';
  title: string;
  file: string;
  rows?: Record<string, Figure>[];
  notes?: string[];
  error?: string;
  seconds?: number;
}

/** The registry: one line per optional section. */
export const OPTIONAL_SECTIONS = [
  { id: 'twin', title: 'Twin-city lookup', file: 'bench/twin.ts' },
  { id: 'broadcast', title: 'Broadcast delivery', file: 'bench/broadcast.ts' },
] as const;

type SectionFn = (options: SectionOptions) => unknown;

function pickFunction(module: Record<string, unknown>): SectionFn | undefined {
  for (const name of ['run', 'default']) if (typeof module[name] === 'function') return module[name] as SectionFn;
  const functions = Object.values(module).filter((v): v is SectionFn => typeof v === 'function');
  return functions.length === 1 ? functions[0] : undefined;
}

/** Flattens nested objects one level ("latency.p99"), so any shape of figures fits a table row. */
function flatten(value: Record<string, unknown>, prefix = ''): Record<string, Figure> {
  const row: Record<string, Figure> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(row, flatten(v as Record<string, unknown>, name));
    else row[name] = v === undefined ? null : Array.isArray(v) ? JSON.stringify(v) : (v as Figure);
  }
  return row;
}

function normalise(result: unknown): Pick<SectionResult, 'rows' | 'notes'> {
  if (Array.isArray(result)) return { rows: result.map((r) => flatten(r as Record<string, unknown>)) };
  if (result !== null && typeof result === 'object') {
    const r = result as { rows?: unknown; notes?: unknown };
    if (Array.isArray(r.rows)) {
      return {
        rows: r.rows.map((row) => flatten(row as Record<string, unknown>)),
        ...(Array.isArray(r.notes) ? { notes: r.notes.map(String) } : {}),
      };
    }
    return { rows: [flatten(result as Record<string, unknown>)] };
  }
  return { rows: [{ value: result as Figure }] };
}

export async function runOptionalSection(section: (typeof OPTIONAL_SECTIONS)[number], options: SectionOptions): Promise<SectionResult> {
  const file = path.join(projectRoot, section.file);
  const base = { title: section.title, file: section.file };
  if (!fs.existsSync(file)) return { ...base, status: 'pending' };
  const started = Date.now();
  try {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const fn = pickFunction(module);
    if (!fn) throw new Error(`${section.file} exports no run() function`);
    return { ...base, status: 'measured', ...normalise(await fn(options)), seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    return { ...base, status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}
