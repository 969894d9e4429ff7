/** The zod schema that checks one twin CSV row (an object of raw cell strings) and types it. */
import { z } from 'zod';
import {
  RELATIONSHIP_TYPES,
  STATUSES_WITH_END_YEAR,
  TWIN_STATUSES,
  WIKIPEDIA_ONLY_MARKER,
  type TwinLink,
} from './types';

/** CSV columns, in file order. */
export const TWIN_CSV_COLUMNS = [
  'city',
  'country',
  'region_or_county',
  'chinese_partner',
  'chinese_partner_zh',
  'partner_province',
  'relationship_type',
  'since_year',
  'status',
  'ended_year',
  'source_url',
  'notes',
] as const;
export type TwinCsvColumn = (typeof TWIN_CSV_COLUMNS)[number];

/** Why a row was refused; also the i18n key the admin tooling renders. */
export type TwinRowReason =
  | 'required'
  | 'bad-status'
  | 'bad-type'
  | 'bad-year'
  | 'ended-year-not-allowed'
  | 'ended-before-since'
  | 'bad-url'
  | 'multiple-urls'
  | 'not-chinese'
  | 'wikipedia-row-not-unknown';

/** Twinning as a practice with the PRC starts in the late 1970s; 1950 leaves room for odd cases. */
export const EARLIEST_YEAR = 1950;

const HAN = /\p{Script=Han}/u;
// A second URL glued on with a separator: the data keeps extra sources in `notes`, not here.
const SECOND_URL = /[\s;,|]\s*https?:\/\//i;

function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const required = z.string().trim().min(1, { error: 'required' });
const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v));

function yearCell(currentYear: number) {
  return z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d{4}$/.test(v) && +v >= EARLIEST_YEAR && +v <= currentYear), {
      error: 'bad-year',
    })
    .transform((v) => (v === '' ? null : Number(v)));
}

/** Builds the row schema; `currentYear` bounds plausible years (injected so tests are stable). */
export function twinRowSchema(currentYear: number) {
  return z
    .object({
      city: required,
      country: required,
      region_or_county: optional,
      chinese_partner: required,
      chinese_partner_zh: optional.refine((v) => v === null || HAN.test(v), {
        error: 'not-chinese',
      }),
      partner_province: optional,
      relationship_type: z
        .string()
        .trim()
        .refine((v) => v === '' || (RELATIONSHIP_TYPES as readonly string[]).includes(v), {
          error: 'bad-type',
        })
        .transform((v) => (v === '' ? null : (v as TwinLink['type']))),
      since_year: yearCell(currentYear),
      status: z.enum(TWIN_STATUSES, { error: 'bad-status' }),
      ended_year: yearCell(currentYear),
      source_url: required
        .refine((v) => !SECOND_URL.test(v), { error: 'multiple-urls', abort: true })
        .refine(isHttpUrl, { error: 'bad-url' }),
      notes: z.string().trim(),
    })
    .superRefine((row, ctx) => {
      // Cross-field rules run only once every cell is individually valid (zod skips them otherwise).
      if (row.ended_year !== null && !STATUSES_WITH_END_YEAR.includes(row.status)) {
        ctx.addIssue({ code: 'custom', message: 'ended-year-not-allowed', path: ['ended_year'] });
      }
      if (row.ended_year !== null && row.since_year !== null && row.ended_year < row.since_year) {
        ctx.addIssue({ code: 'custom', message: 'ended-before-since', path: ['ended_year'] });
      }
      // A Wikipedia-only row has no verified status; anything else would be shown as fact.
      if (row.notes.startsWith(WIKIPEDIA_ONLY_MARKER) && row.status !== 'unknown') {
        ctx.addIssue({ code: 'custom', message: 'wikipedia-row-not-unknown', path: ['status'] });
      }
    })
    .transform(
      (row): TwinLink => ({
        city: row.city,
        country: row.country,
        region: row.region_or_county,
        partner: row.chinese_partner,
        partnerZh: row.chinese_partner_zh,
        partnerProvince: row.partner_province,
        type: row.relationship_type,
        sinceYear: row.since_year,
        status: row.status,
        endedYear: row.ended_year,
        sourceUrl: row.source_url,
        notes: row.notes,
        provenance: row.notes.startsWith(WIKIPEDIA_ONLY_MARKER) ? 'wikipedia' : 'researched',
      }),
    );
}

/** The CSV cells of a link, the inverse of the schema's transform. */
export function linkToCells(link: TwinLink): Record<TwinCsvColumn, string> {
  const cell = (v: string | number | null): string => (v === null ? '' : String(v));
  return {
    city: link.city,
    country: link.country,
    region_or_county: cell(link.region),
    chinese_partner: link.partner,
    chinese_partner_zh: cell(link.partnerZh),
    partner_province: cell(link.partnerProvince),
    relationship_type: cell(link.type),
    since_year: cell(link.sinceYear),
    status: link.status,
    ended_year: cell(link.endedYear),
    source_url: link.sourceUrl,
    notes: link.notes,
  };
}
