/** Reads the twin CSV and names file from disk: the only twin module that touches the file system. */
import { projectRoot } from '../paths';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTwinCsv, type TwinCsvError } from './csv';
import { parseTwinNames, type TwinNames, type TwinNamesError } from './names';
import type { TwinLink } from './types';

export const DEFAULT_TWIN_CSV = 'data/twin-links.csv';
export const DEFAULT_TWIN_NAMES = 'data/twin-names.yaml';

const projectData = path.join(projectRoot, 'data');

/** The copy the project ships, found from this file rather than the working directory. */
export const SHIPPED_TWIN_CSV = path.join(projectData, 'twin-links.csv');
export const SHIPPED_TWIN_NAMES = path.join(projectData, 'twin-names.yaml');

export type TwinFilesResult =
  | { ok: true; links: TwinLink[]; names: TwinNames }
  | { ok: false; csvErrors: TwinCsvError[]; namesErrors: TwinNamesError[] };

/** Reads and validates both files; a missing file is a thrown error (a deployment mistake). */
export async function loadTwinFiles(
  csvPath: string = DEFAULT_TWIN_CSV,
  namesPath: string = DEFAULT_TWIN_NAMES,
): Promise<TwinFilesResult> {
  const [csvText, namesText] = await Promise.all([readFile(csvPath, 'utf8'), readFile(namesPath, 'utf8')]);
  const csv = parseTwinCsv(csvText);
  const names = parseTwinNames(namesText);
  if (csv.ok && names.ok) return { ok: true, links: csv.links, names: names.names };
  return { ok: false, csvErrors: csv.ok ? [] : csv.errors, namesErrors: names.ok ? [] : names.errors };
}

/** Thrown when a shipped data file is refused at start-up: a deployment mistake, not a member's. */
export class TwinDataError extends Error {
  override name = 'TwinDataError';
  constructor(file: string, problems: readonly object[]) {
    const shown = problems.slice(0, 10).map((p) => `  - ${JSON.stringify(p)}`);
    const more = problems.length > 10 ? [`  … and ${problems.length - 10} more`] : [];
    super([`${file} is invalid:`, ...shown, ...more].join('\n'));
  }
}

export async function readTwinCsvFile(file: string): Promise<TwinLink[]> {
  const csv = parseTwinCsv(await readFile(file, 'utf8'));
  if (!csv.ok) throw new TwinDataError(file, csv.errors);
  return csv.links;
}

export async function readTwinNamesFile(file: string): Promise<TwinNames> {
  const names = parseTwinNames(await readFile(file, 'utf8'));
  if (!names.ok) throw new TwinDataError(file, names.errors);
  return names.names;
}
