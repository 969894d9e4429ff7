/** The in-memory twin index: built once from links and names, answers lookups by name or id. */
import { buildCatalogue, type AreaEntry, type PartnerEntry, type PlaceEntry } from './catalogue';
import { EMPTY_TWIN_NAMES, type TwinNames } from './names';
import { compactKey, isHanKey, normaliseName } from './normalise';
import type { AreaOverview, TwinLookupResult, TwinOption } from './results';
import { FuzzyNames } from './suggest';
import type { TwinLink } from './types';

/** Longer input is not a place name; it is refused before any work. */
export const MAX_QUERY_LENGTH = 120;

type Entry = PlaceEntry | PartnerEntry | AreaEntry;

const NONE = { kind: 'none' } as const;

function optionOf(entry: Entry): TwinOption {
  return 'option' in entry ? entry.option : entry.summary;
}

function isArea(entry: Entry): entry is AreaEntry {
  return 'option' in entry;
}

function isPlace(entry: Entry): entry is PlaceEntry {
  return !isArea(entry) && entry.summary.kind === 'place';
}

export class TwinIndex {
  /** Normalised name → everything that goes by it. */
  private readonly exact = new Map<string, Entry[]>();
  /** The same with spaces removed ("miltonkeynes"), tried second. */
  private readonly compact = new Map<string, Entry[]>();
  private readonly byId = new Map<string, Entry>();
  /** Keys of countries and regions, to read "Perth, Scotland" or "英國伯明翰". */
  private readonly areaKeys: [string, AreaEntry][] = [];
  private readonly fuzzy: FuzzyNames<Entry>;

  private constructor(
    readonly links: readonly TwinLink[],
    private readonly catalogue: ReturnType<typeof buildCatalogue>,
  ) {
    const all: Entry[] = [...catalogue.places, ...catalogue.partners, ...catalogue.areas];
    for (const entry of all) {
      this.byId.set(optionOf(entry).id, entry);
      for (const name of entry.names) {
        const key = normaliseName(name);
        if (!key) continue;
        this.add(this.exact, key, entry);
        this.add(this.compact, compactKey(key), entry);
        if (isArea(entry)) this.areaKeys.push([key, entry]);
      }
    }
    this.fuzzy = new FuzzyNames(this.exact);
  }

  /**
   * Builds an index. Call again with new data to rebuild; an index never changes once built, so
   * lookups running on the old one finish consistently.
   */
  static build(links: readonly TwinLink[], names: TwinNames = EMPTY_TWIN_NAMES): TwinIndex {
    return new TwinIndex(links, buildCatalogue(links, names));
  }

  private add(map: Map<string, Entry[]>, key: string, entry: Entry): void {
    const list = map.get(key);
    if (!list) map.set(key, [entry]);
    else if (!list.includes(entry)) list.push(entry);
  }

  /** What a member typed after /twin, in English or Chinese (Traditional or Simplified). */
  lookup(query: string): TwinLookupResult {
    if (query.length > MAX_QUERY_LENGTH) return NONE;
    const key = normaliseName(query);
    if (!key) return NONE;
    const hits = this.exact.get(key) ?? this.compact.get(compactKey(key));
    if (hits) return this.answer(hits);
    const qualified = this.lookupQualified(key);
    if (qualified) return qualified;
    const close = this.fuzzy.suggest(key);
    return close.length > 0 ? { kind: 'suggestions', options: close.map(optionOf) } : NONE;
  }

  /** The place, partner, country or region behind an id from an earlier answer (a button). */
  resolveById(id: string): TwinLookupResult {
    const entry = this.byId.get(id);
    return entry ? this.answer([entry]) : NONE;
  }

  /** A country by ISO code ("gb"), for `/twin` with a country button or a default country. */
  resolveCountry(code: string): AreaOverview | { readonly kind: 'none' } {
    const entry = this.byId.get(code.trim().toLowerCase());
    return entry && isArea(entry) && entry.option.kind === 'country' ? entry.overview : NONE;
  }

  /** Every country in the data with its overview, in data order. */
  countries(): AreaOverview[] {
    return this.catalogue.areas.filter((a) => a.option.kind === 'country').map((a) => a.overview);
  }

  /** A name naming a country or region asks about that area; otherwise one hit answers, several ask. */
  private answer(hits: readonly Entry[]): TwinLookupResult {
    const areas = hits.filter(isArea);
    const chosen = areas.length > 0 ? areas : hits;
    if (chosen.length > 1) return { kind: 'choices', options: chosen.map(optionOf) };
    const entry = chosen[0]!;
    if (isArea(entry)) return entry.overview;
    return isPlace(entry)
      ? { kind: 'place', place: entry.summary, links: entry.links }
      : { kind: 'partner', partner: entry.summary, links: entry.links };
  }

  /**
   * "Perth, Scotland", "Birmingham UK", "英國伯明翰": a name plus a country or region before or
   * after it. Tried only after an exact miss; the list of area names is short (about a hundred).
   */
  private lookupQualified(key: string): TwinLookupResult | undefined {
    const han = isHanKey(key);
    const sep = han ? '' : ' ';
    let elsewhere: Entry[] = [];
    for (const [areaKey, area] of this.areaKeys) {
      let rest: string | undefined;
      if (key.endsWith(sep + areaKey) && key.length > areaKey.length + sep.length) {
        rest = key.slice(0, key.length - areaKey.length - sep.length);
      } else if (key.startsWith(areaKey + sep) && key.length > areaKey.length + sep.length) {
        rest = key.slice(areaKey.length + sep.length);
      }
      if (rest === undefined) continue;
      const restKey = normaliseName(rest);
      const hits = this.exact.get(restKey) ?? this.compact.get(compactKey(restKey)) ?? [];
      const inArea = hits.filter((e) => isPlace(e) && area.contains(e.summary));
      if (inArea.length > 0) return this.answer(inArea);
      if (hits.some(isPlace)) elsewhere = hits.filter(isPlace);
    }
    // The name exists, but not in that country ("Perth, Canada"): offer the ones that do exist.
    return elsewhere.length > 0 ? { kind: 'suggestions', options: elsewhere.map(optionOf) } : undefined;
  }
}
