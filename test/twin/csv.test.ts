/** Behaviour of the twin CSV reader and writer: the shipped file, refusals with line numbers, round trips. */
import { describe, expect, it } from 'vitest';
import { parseTwinCsv, serializeTwinCsv, TWIN_CSV_COLUMNS, type TwinCsvError } from '../../src/twin';
import { csvText, link } from './fixtures';

const HEADER = TWIN_CSV_COLUMNS.join(',');
const GOOD = 'Bristol,United Kingdom,England,Guangzhou,廣州,Guangdong,sister,2001,active,,https://example.org/a,ok';

function errorsOf(text: string): TwinCsvError[] {
  const result = parseTwinCsv(text, { currentYear: 2026 });
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

describe('parseTwinCsv on the project data', () => {
  const result = parseTwinCsv(csvText);

  it('GIVEN the shipped CSV THEN accepts all 560 links', () => {
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.links).toHaveLength(560);
  });

  it('GIVEN the shipped CSV THEN marks the 371 Wikipedia-only rows as such and the 189 others as researched', () => {
    if (!result.ok) throw new Error('refused');
    const wikipedia = result.links.filter((l) => l.provenance === 'wikipedia');
    expect(wikipedia).toHaveLength(371);
    expect(wikipedia.every((l) => l.status === 'unknown')).toBe(true);
    expect(result.links.filter((l) => l.provenance === 'researched')).toHaveLength(189);
  });

  it('GIVEN empty cells THEN they become null, and years become numbers', () => {
    if (!result.ok) throw new Error('refused');
    const jingdezhen = result.links.find((l) => l.city === 'Bath and North East Somerset' && l.partner === 'Jingdezhen');
    expect(jingdezhen).toMatchObject({ sinceYear: null, status: 'ended', endedYear: 2022, type: 'friendship' });
  });

  it('GIVEN quoted notes with commas and several URLs THEN they are kept whole', () => {
    if (!result.ok) throw new Error('refused');
    const bristol = result.links.find((l) => l.city === 'Bristol');
    expect(bristol?.notes).toContain('Guangzhou, China (2001)');
    expect(bristol?.sourceUrl).toBe('https://www.bristol.org.uk/about/twin_cities/');
  });
});

describe('serializeTwinCsv', () => {
  it('GIVEN the parsed project file THEN parse(serialize(parse(file))) equals parse(file)', () => {
    const first = parseTwinCsv(csvText);
    if (!first.ok) throw new Error('refused');
    const again = parseTwinCsv(serializeTwinCsv(first.links));
    expect(again).toEqual(first);
  });

  it('GIVEN the parsed project file THEN writes it back byte for byte', () => {
    const first = parseTwinCsv(csvText);
    if (!first.ok) throw new Error('refused');
    expect(serializeTwinCsv(first.links)).toBe(csvText);
  });

  it('GIVEN cells with quotes, commas and line breaks THEN quotes them so they read back the same', () => {
    const links = [link({ notes: 'He said "no", then\nleft.', region: null, sinceYear: null, type: null })];
    const back = parseTwinCsv(serializeTwinCsv(links));
    expect(back).toEqual({ ok: true, links });
  });
});

describe('parseTwinCsv refusing a bad file', () => {
  it('GIVEN a bad status THEN refuses the file naming the row and column', () => {
    const errors = errorsOf([HEADER, GOOD, GOOD.replace('Bristol', 'Bath').replace('active', 'cancelled')].join('\n'));
    expect(errors).toEqual([{ row: 3, column: 'status', reason: 'bad-status', value: 'cancelled' }]);
  });

  it('GIVEN bad years THEN refuses each row: not four digits, too early, in the future', () => {
    const rows = [
      GOOD.replace('2001', '01'),
      GOOD.replace('Bristol', 'Bath').replace('2001', '1850'),
      GOOD.replace('Bristol', 'York').replace('2001', '2031'),
    ];
    const errors = errorsOf([HEADER, ...rows].join('\n'));
    expect(errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [2, 'since_year', 'bad-year'],
      [3, 'since_year', 'bad-year'],
      [4, 'since_year', 'bad-year'],
    ]);
  });

  it('GIVEN a missing column THEN refuses the file at the header', () => {
    const header = TWIN_CSV_COLUMNS.filter((c) => c !== 'status').join(',');
    expect(errorsOf(`${header}\n`)).toEqual([{ row: 1, column: 'status', reason: 'missing-column' }]);
  });

  it('GIVEN the same city, country and partner twice THEN refuses the repeat and points at the first', () => {
    const repeat = GOOD.replace('Bristol', 'BRISTOL').replace('https://example.org/a', 'https://example.org/b');
    const errors = errorsOf([HEADER, GOOD, GOOD.replace('Bristol', 'Bath'), repeat].join('\n'));
    expect(errors).toEqual([{ row: 4, reason: 'duplicate-key', firstRow: 2 }]);
  });

  it('GIVEN an ended year on an active link THEN refuses it', () => {
    const errors = errorsOf([HEADER, GOOD.replace('active,,', 'active,2020,')].join('\n'));
    expect(errors).toEqual([{ row: 2, column: 'ended_year', reason: 'ended-year-not-allowed', value: '2020' }]);
  });

  it('GIVEN an end before the start THEN refuses it', () => {
    const errors = errorsOf([HEADER, GOOD.replace('active,,', 'ended,1999,')].join('\n'));
    expect(errors[0]).toMatchObject({ row: 2, column: 'ended_year', reason: 'ended-before-since' });
  });

  it('GIVEN a source that is not an http(s) URL, or two URLs in one cell THEN refuses both rows', () => {
    const rows = [
      GOOD.replace('https://example.org/a', 'ftp://example.org/a'),
      GOOD.replace('Bristol', 'Bath').replace('https://example.org/a', '"https://a.org/x, https://b.org/y"'),
    ];
    const errors = errorsOf([HEADER, ...rows].join('\n'));
    expect(errors.map((e) => [e.row, e.reason])).toEqual([
      [2, 'bad-url'],
      [3, 'multiple-urls'],
    ]);
  });

  it('GIVEN a Wikipedia-only row with a status other than unknown THEN refuses it', () => {
    const row = GOOD.replace(',ok', ',Wikipedia-derived only: listed somewhere');
    expect(errorsOf([HEADER, row].join('\n'))[0]).toMatchObject({ row: 2, reason: 'wikipedia-row-not-unknown' });
  });

  it('GIVEN several bad rows after a multi-line cell THEN lists every one with its line in the file', () => {
    const multiline = GOOD.replace(',ok', ',"line one\nline two\nline three"');
    const text = [
      HEADER,
      multiline, // lines 2-4
      GOOD.replace('Bristol', 'Bath').replace('sister', 'cousin'), // line 5
      '', // line 6, blank
      GOOD.replace('Bristol', ''), // line 7
      'too,few,cells', // line 8
    ].join('\r\n');
    expect(errorsOf(text).map((e) => [e.row, e.reason])).toEqual([
      [5, 'bad-type'],
      [7, 'required'],
      [8, 'wrong-field-count'],
    ]);
  });

  it('GIVEN an unclosed quote THEN refuses the file as malformed', () => {
    expect(errorsOf(`${HEADER}\n${GOOD.replace(',ok', ',"never closed')}\n`)[0]?.reason).toBe('malformed-csv');
  });

  it('GIVEN an empty file THEN refuses it', () => {
    expect(errorsOf('')).toEqual([{ row: 1, reason: 'empty-file' }]);
  });
});
