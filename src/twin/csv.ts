/** Reads a twin CSV into validated links (refusing a bad file as a whole) and writes links back. */
import { parse } from 'csv-parse/sync';
import { TWIN_CSV_COLUMNS, linkToCells, twinRowSchema, type TwinCsvColumn, type TwinRowReason } from './row-schema';
import type { TwinLink } from './types';

export { TWIN_CSV_COLUMNS, type TwinCsvColumn, type TwinRowReason } from './row-schema';

/** Why a file or row was refused; also the i18n key the admin tooling renders. */
export type TwinCsvReason =
  | TwinRowReason
  | 'malformed-csv'
  | 'empty-file'
  | 'missing-column'
  | 'duplicate-column'
  | 'wrong-field-count'
  | 'duplicate-key';

export interface TwinCsvError {
  /** 1-based line in the file where the record starts; the header is line 1. */
  row: number;
  column?: TwinCsvColumn;
  reason: TwinCsvReason;
  /** The offending cell, when there is one. */
  value?: string;
  /** For `duplicate-key`: the line of the first row with the same key. */
  firstRow?: number;
}

export type TwinCsvResult =
  | { ok: true; links: TwinLink[] }
  | { ok: false; errors: TwinCsvError[] };

export interface ParseTwinCsvOptions {
  /** Latest plausible year; defaults to the current year. */
  currentYear?: number;
}

interface RawRecord {
  cells: string[];
  /** Line where the record starts. */
  line: number;
}

/** Records with their starting line numbers, or the parser's complaint. */
function readRecords(text: string): RawRecord[] | TwinCsvError {
  // One line-ending convention, so that csv-parse's line counter matches what an editor shows.
  const normalised = text.replace(/\r\n?/g, '\n');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's typings do not model `info: true`, which wraps each record with its position.
    rows = parse(normalised, { bom: true, info: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return { row: typeof line === 'number' ? line : 1, reason: 'malformed-csv' };
  }
  const records: RawRecord[] = [];
  let previousEnd = 0;
  for (const { record, info } of rows) {
    // `info.lines` is the line a record ends on; a quoted cell may span several lines.
    const line = previousEnd + 1;
    previousEnd = info.lines;
    const blank = record.length === 1 && record[0]?.trim() === '';
    if (!blank) records.push({ cells: record, line });
  }
  return records;
}

/** Column positions from the header, or the problems with it. */
function readHeader(header: RawRecord): Map<TwinCsvColumn, number> | TwinCsvError[] {
  const names = header.cells.map((c) => c.trim());
  const errors: TwinCsvError[] = [];
  const positions = new Map<TwinCsvColumn, number>();
  for (const column of TWIN_CSV_COLUMNS) {
    const first = names.indexOf(column);
    if (first === -1) errors.push({ row: header.line, column, reason: 'missing-column' });
    else if (names.indexOf(column, first + 1) !== -1) {
      errors.push({ row: header.line, column, reason: 'duplicate-column' });
    } else positions.set(column, first);
  }
  return errors.length > 0 ? errors : positions;
}

/** The identity of a link: one place abroad and one PRC partner. Case and width do not count. */
export function twinLinkKey(link: Pick<TwinLink, 'city' | 'country' | 'partner'>): string {
  return [link.city, link.country, link.partner]
    .map((s) => s.normalize('NFKC').trim().toLowerCase())
    .join('\u0000');
}

/**
 * Parses and validates a whole twin CSV. Any bad row refuses the file; every bad row is listed
 * (with its first problem), so one edit-and-retry round fixes the lot.
 */
export function parseTwinCsv(text: string, options: ParseTwinCsvOptions = {}): TwinCsvResult {
  const records = readRecords(text);
  if (!Array.isArray(records)) return { ok: false, errors: [records] };
  const [header, ...body] = records;
  if (header === undefined) return { ok: false, errors: [{ row: 1, reason: 'empty-file' }] };
  const positions = readHeader(header);
  if (Array.isArray(positions)) return { ok: false, errors: positions };

  const schema = twinRowSchema(options.currentYear ?? new Date().getFullYear());
  const errors: TwinCsvError[] = [];
  const links: TwinLink[] = [];
  const firstLineOfKey = new Map<string, number>();

  for (const { cells, line } of body) {
    if (cells.length !== header.cells.length) {
      errors.push({ row: line, reason: 'wrong-field-count', value: String(cells.length) });
      continue;
    }
    const raw = Object.fromEntries(
      TWIN_CSV_COLUMNS.map((column) => [column, cells[positions.get(column) ?? -1] ?? '']),
    ) as Record<TwinCsvColumn, string>;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = issue.path[0] as TwinCsvColumn | undefined;
        errors.push({
          row: line,
          ...(column === undefined ? {} : { column, value: raw[column] }),
          reason: issue.message as TwinRowReason,
        });
      }
      continue;
    }
    const key = twinLinkKey(parsed.data);
    const firstRow = firstLineOfKey.get(key);
    if (firstRow !== undefined) {
      errors.push({ row: line, reason: 'duplicate-key', firstRow });
      continue;
    }
    firstLineOfKey.set(key, line);
    links.push(parsed.data);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, links };
}

function quote(cell: string): string {
  return /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Writes links as a twin CSV with the standard columns (CRLF, quoting only where needed). */
export function serializeTwinCsv(links: readonly TwinLink[]): string {
  const lines = [TWIN_CSV_COLUMNS.join(',')];
  for (const link of links) {
    const cells = linkToCells(link);
    lines.push(TWIN_CSV_COLUMNS.map((column) => quote(cells[column])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
