/** Reads and validates the names file: what people type for countries, UK nations, places and partners. */
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Names for one thing. `hk` are the forms Hong Kong media use (the first is the one to display),
 * `cn` the Mainland forms, both written in Traditional characters; `en` are English variants.
 */
export interface NameSet {
  en: string[];
  hk: string[];
  cn: string[];
}

export interface CountryNames extends NameSet {
  /** ISO 3166-1 alpha-2, lower case: the stable id of the country and the prefix of place ids. */
  code: string;
}

/** Keys are the exact strings of the CSV (country, city, chinese_partner). */
export interface TwinNames {
  countries: Record<string, CountryNames>;
  /** Country → nation or region → names. A place is in region R when its region is R or "R (…)". */
  regions: Record<string, Record<string, NameSet>>;
  /** Country → city → names. */
  places: Record<string, Record<string, NameSet>>;
  /** PRC partner (as written in the CSV) → extra names, e.g. old romanisations. */
  partners: Record<string, NameSet>;
}

export const EMPTY_TWIN_NAMES: TwinNames = { countries: {}, regions: {}, places: {}, partners: {} };

export type TwinNamesReason = 'malformed-yaml' | 'invalid' | 'not-chinese' | 'bad-code' | 'duplicate-code';

export interface TwinNamesError {
  /** Dotted path in the file, e.g. "places.United Kingdom.Bristol.hk.0". */
  path: string;
  reason: TwinNamesReason;
}

export type TwinNamesResult = { ok: true; names: TwinNames } | { ok: false; errors: TwinNamesError[] };

const HAN = /\p{Script=Han}/u;
const english = z.array(z.string().trim().min(1)).default([]);
const chinese = z.array(z.string().trim().refine((s) => HAN.test(s), { error: 'not-chinese' })).default([]);
// `null` lets the file list a place with no extra names yet (`Bury:`), which reads better than {}.
const nameSet = z
  .strictObject({ en: english, hk: chinese, cn: chinese })
  .nullable()
  .transform((v) => v ?? { en: [], hk: [], cn: [] });

const schema = z.strictObject({
  countries: z
    .record(
      z.string(),
      z.strictObject({
        code: z.string().regex(/^[a-z]{2}$/, { error: 'bad-code' }),
        en: english,
        hk: chinese,
        cn: chinese,
      }),
    )
    .default({}),
  regions: z.record(z.string(), z.record(z.string(), nameSet)).default({}),
  places: z.record(z.string(), z.record(z.string(), nameSet)).default({}),
  partners: z.record(z.string(), nameSet).default({}),
});

/** Parses the YAML names file. Duplicate keys are refused by the YAML parser itself. */
export function parseTwinNames(text: string): TwinNamesResult {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch {
    return { ok: false, errors: [{ path: '', reason: 'malformed-yaml' }] };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const known: readonly string[] = ['not-chinese', 'bad-code'];
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        reason: (known.includes(issue.message) ? issue.message : 'invalid') as TwinNamesReason,
      })),
    };
  }
  const seen = new Map<string, string>();
  const errors: TwinNamesError[] = [];
  for (const [country, { code }] of Object.entries(parsed.data.countries)) {
    if (seen.has(code)) errors.push({ path: `countries.${country}.code`, reason: 'duplicate-code' });
    seen.set(code, country);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, names: parsed.data };
}
