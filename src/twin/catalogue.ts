/** Turns links into places, partners and areas, each with its summary, its link views and its names. */
import { partnerAliases, placeAliases } from './aliases';
import { allNames, buildAreas, displayZh, type AreaEntry } from './areas';
import { commonestSpelling, groupPartners, groupPlaces, type LinkGroup } from './grouping';
import { makeId } from './ids';
import type { TwinNames } from './names';
import type { PartnerSummary, PlaceSummary, TwinLinkView } from './results';
import { emptyStatusCounts, type StatusCounts, type TwinLink, type TwinStatus } from './types';

export type { AreaEntry } from './areas';

export interface PlaceEntry {
  readonly summary: PlaceSummary;
  readonly links: readonly TwinLinkView[];
  /** Every name it may be typed as, not yet normalised. */
  readonly names: readonly string[];
}

export interface PartnerEntry {
  readonly summary: PartnerSummary;
  readonly links: readonly TwinLinkView[];
  readonly names: readonly string[];
}

export interface TwinCatalogue {
  readonly places: readonly PlaceEntry[];
  readonly partners: readonly PartnerEntry[];
  readonly areas: readonly AreaEntry[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

// Order of links within a place: what the member most needs to know first.
const STATUS_ORDER: Record<TwinStatus, number> = { active: 0, suspended: 1, disputed: 2, ended: 3, unknown: 4 };

const byImportance = (a: TwinLinkView, b: TwinLinkView): number =>
  Number(b.verified) - Number(a.verified) ||
  STATUS_ORDER[a.link.status] - STATUS_ORDER[b.link.status] ||
  collator.compare(a.partner.name, b.partner.name);

const byPlace = (a: TwinLinkView, b: TwinLinkView): number =>
  collator.compare(a.place.country, b.place.country) || collator.compare(a.place.name, b.place.name);

function countLinks(links: readonly TwinLink[]): { counts: StatusCounts; researched: number } {
  const counts = emptyStatusCounts();
  let researched = 0;
  for (const link of links) {
    counts[link.status]++;
    if (link.provenance === 'researched') researched++;
  }
  return { counts, researched };
}

function placeSummary(group: LinkGroup, names: TwinNames, countryCode: string): PlaceSummary {
  const first = group.links[0]!;
  // Rows of one place sometimes differ in detail ("England" / "England (Greater Manchester)").
  const region = group.links.reduce<string | null>(
    (best, l) => (l.region !== null && l.region.length > (best?.length ?? 0) ? l.region : best),
    null,
  );
  const { counts, researched } = countLinks(group.links);
  return {
    kind: 'place',
    id: group.id,
    name: first.city,
    nameZh: displayZh(names.places[first.country]?.[first.city]),
    country: first.country,
    countryCode,
    region,
    linkCount: group.links.length,
    counts,
    researchedCount: researched,
  };
}

function partnerSummary(group: LinkGroup): PartnerSummary {
  const first = group.links[0]!;
  return {
    kind: 'partner',
    id: group.id,
    name: commonestSpelling(group.links),
    nameZh: first.partnerZh,
    province: first.partnerProvince,
    linkCount: group.links.length,
    counts: countLinks(group.links).counts,
  };
}

/** Builds the catalogue. Names for places absent from `links` are ignored (see `checkTwinNames`). */
export function buildCatalogue(links: readonly TwinLink[], names: TwinNames): TwinCatalogue {
  const countries = [...new Set(links.map((l) => l.country))];
  // A country missing from the names file still works, under its slug ("united-states").
  const codes = new Map(countries.map((c) => [c, names.countries[c]?.code ?? makeId('', '', c)]));
  const countryCode = (country: string): string => codes.get(country)!;

  const placeGroups = groupPlaces(links, countryCode);
  const partnerGroups = groupPartners(links);
  const placeOf = new Map<TwinLink, PlaceSummary>();
  const partnerOf = new Map<TwinLink, PartnerSummary>();
  const placeSummaries = placeGroups.map((g) => placeSummary(g, names, countryCode(g.links[0]!.country)));
  const partnerSummaries = partnerGroups.map(partnerSummary);
  placeGroups.forEach((g, i) => g.links.forEach((l) => placeOf.set(l, placeSummaries[i]!)));
  partnerGroups.forEach((g, i) => g.links.forEach((l) => partnerOf.set(l, partnerSummaries[i]!)));

  const view = (link: TwinLink): TwinLinkView => ({
    link,
    verified: link.provenance === 'researched',
    place: placeOf.get(link)!,
    partner: partnerOf.get(link)!,
  });

  const places = placeGroups.map((g, i): PlaceEntry => {
    const { city, country } = g.links[0]!;
    return {
      summary: placeSummaries[i]!,
      links: g.links.map(view).sort(byImportance),
      names: [...placeAliases(city), ...allNames(names.places[country]?.[city])],
    };
  });
  const partners = partnerGroups.map((g, i): PartnerEntry => {
    const spellings = [...new Set(g.links.map((l) => l.partner))];
    const zh = g.links[0]!.partnerZh;
    return {
      summary: partnerSummaries[i]!,
      links: g.links.map(view).sort(byPlace),
      names: [
        ...spellings.flatMap(partnerAliases),
        ...(zh ? [zh] : []),
        ...spellings.flatMap((s) => allNames(names.partners[s])),
      ],
    };
  });
  const sorted = [...placeSummaries].sort((a, b) => collator.compare(a.name, b.name));
  return { places, partners, areas: buildAreas(countries, countryCode, names, sorted) };
}
