/** Builds the overview of each country, and of each nation inside it, from the place summaries. */
import { makeId } from './ids';
import type { NameSet, TwinNames } from './names';
import type { AreaOverview, CountrySummary, PlaceSummary, RegionSummary } from './results';
import { emptyStatusCounts, TWIN_STATUSES } from './types';

export interface AreaEntry {
  readonly option: CountrySummary | RegionSummary;
  readonly overview: AreaOverview;
  /** Every name it may be typed as, not yet normalised. */
  readonly names: readonly string[];
  readonly contains: (place: PlaceSummary) => boolean;
}

export function allNames(set: NameSet | undefined): string[] {
  return set ? [...set.en, ...set.hk, ...set.cn] : [];
}

/** The Hong Kong form when known, else the Mainland one. */
export function displayZh(set: NameSet | undefined): string | null {
  return set?.hk[0] ?? set?.cn[0] ?? null;
}

/** Whether a place's region ("England (Tyne and Wear)") lies in the named region ("England"). */
export function inRegion(placeRegion: string | null, regionName: string): boolean {
  return placeRegion === regionName || (placeRegion?.startsWith(`${regionName} (`) ?? false);
}

function overview(
  country: CountrySummary,
  region: RegionSummary | null,
  places: readonly PlaceSummary[],
): AreaOverview {
  const counts = emptyStatusCounts();
  let linkCount = 0;
  let researched = 0;
  for (const p of places) {
    for (const s of TWIN_STATUSES) counts[s] += p.counts[s];
    linkCount += p.linkCount;
    researched += p.researchedCount;
  }
  return { kind: 'country', country, region, counts, linkCount, unverifiedCount: linkCount - researched, places };
}

/**
 * One area per country in the data, plus the regions the names file lists for it. A place is in
 * region R when its region is R or "R (…)": "England (Tyne and Wear)" is in England.
 * `sortedPlaces` must already be in display order; each overview keeps that order.
 */
export function buildAreas(
  countries: readonly string[],
  countryCode: (country: string) => string,
  names: TwinNames,
  sortedPlaces: readonly PlaceSummary[],
): AreaEntry[] {
  const areas: AreaEntry[] = [];
  for (const name of countries) {
    const countryNames = names.countries[name];
    const code = countryCode(name);
    const country: CountrySummary = { kind: 'country', id: code, name, nameZh: displayZh(countryNames) };
    const inCountry = (p: PlaceSummary): boolean => p.country === name;
    areas.push({
      option: country,
      overview: overview(country, null, sortedPlaces.filter(inCountry)),
      names: [name, ...allNames(countryNames)],
      contains: inCountry,
    });
    for (const [regionName, regionNames] of Object.entries(names.regions[name] ?? {})) {
      const region: RegionSummary = {
        kind: 'region',
        id: makeId(code, '.', regionName),
        name: regionName,
        nameZh: displayZh(regionNames),
        countryCode: code,
      };
      const contains = (p: PlaceSummary): boolean => inCountry(p) && inRegion(p.region, regionName);
      areas.push({
        option: region,
        overview: overview(country, region, sortedPlaces.filter(contains)),
        names: [regionName, ...allNames(regionNames)],
        contains,
      });
    }
  }
  return areas;
}
