/** Reads the twin CSV and names file from disk: the only twin module that touches the file system. */
import { readFile } from 'node:fs/promises';
import { parseTwinCsv, type TwinCsvError } from './csv';
import { parseTwinNames, type TwinNames, type TwinNamesError } from './names';
import type { TwinLink } from './types';

export const DEFAULT_TWIN_CSV = 'data/twin-links.csv';
export const DEFAULT_TWIN_NAMES = 'data/twin-names.yaml';

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
