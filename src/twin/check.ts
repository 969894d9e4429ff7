/** Cross-checks the names file against the links: stale entries and places missing Chinese names. */
import { inRegion } from './areas';
import type { TwinNames } from './names';
import type { TwinLink } from './types';

export type TwinNamesProblem =
  | { reason: 'unknown-country'; country: string }
  | { reason: 'unknown-place'; country: string; city: string }
  | { reason: 'unknown-partner'; partner: string }
  | { reason: 'unknown-region'; country: string; region: string }
  | { reason: 'country-without-names'; country: string }
  | { reason: 'place-without-chinese'; country: string; city: string };

export interface CheckTwinNamesOptions {
  /** Countries whose every place needs a Chinese name; defaults to the United Kingdom. */
  requireChineseIn?: readonly string[];
}

/** Problems to fix in the names file; an empty list means it fits the data. */
export function checkTwinNames(
  links: readonly TwinLink[],
  names: TwinNames,
  options: CheckTwinNamesOptions = {},
): TwinNamesProblem[] {
  const requireChinese = new Set(options.requireChineseIn ?? ['United Kingdom']);
  const countries = new Set(links.map((l) => l.country));
  const places = new Set(links.map((l) => `${l.country}\u0000${l.city}`));
  const partners = new Set(links.map((l) => l.partner));
  const problems: TwinNamesProblem[] = [];

  for (const country of Object.keys(names.countries)) {
    if (!countries.has(country)) problems.push({ reason: 'unknown-country', country });
  }
  for (const country of countries) {
    if (!names.countries[country]) problems.push({ reason: 'country-without-names', country });
  }
  for (const [country, regions] of Object.entries(names.regions)) {
    for (const region of Object.keys(regions)) {
      const used = links.some((l) => l.country === country && inRegion(l.region, region));
      if (!used) problems.push({ reason: 'unknown-region', country, region });
    }
  }
  for (const [country, cities] of Object.entries(names.places)) {
    for (const city of Object.keys(cities)) {
      if (!places.has(`${country}\u0000${city}`)) problems.push({ reason: 'unknown-place', country, city });
    }
  }
  for (const partner of Object.keys(names.partners)) {
    if (!partners.has(partner)) problems.push({ reason: 'unknown-partner', partner });
  }
  const seen = new Set<string>();
  for (const { country, city } of links) {
    const key = `${country}\u0000${city}`;
    if (!requireChinese.has(country) || seen.has(key)) continue;
    seen.add(key);
    const set = names.places[country]?.[city];
    if (!set || set.hk.length + set.cn.length === 0) problems.push({ reason: 'place-without-chinese', country, city });
  }
  return problems;
}
