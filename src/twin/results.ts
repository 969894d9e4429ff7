/** What a twin lookup answers: tagged unions of plain data, which the bot renders through i18n. */
import type { StatusCounts, TwinLink } from './types';

/** A place outside the PRC that has at least one link. */
export interface PlaceSummary {
  readonly kind: 'place';
  /** e.g. "gb-bristol"; give it back to `TwinIndex.resolveById`. */
  readonly id: string;
  /** As written in the data, e.g. "Newcastle upon Tyne". */
  readonly name: string;
  /** Hong Kong form when known, else the Mainland form (Traditional characters), else null. */
  readonly nameZh: string | null;
  readonly country: string;
  readonly countryCode: string;
  readonly region: string | null;
  readonly linkCount: number;
  readonly counts: StatusCounts;
  /** Links individually researched (the rest are only listed on Wikipedia). */
  readonly researchedCount: number;
}

/** A PRC city, district or province, with all the spellings of it in the data merged. */
export interface PartnerSummary {
  readonly kind: 'partner';
  /** e.g. "cn-guangzhou". */
  readonly id: string;
  readonly name: string;
  /** Traditional characters, from the data; null where the romanisation is ambiguous. */
  readonly nameZh: string | null;
  readonly province: string | null;
  readonly linkCount: number;
  readonly counts: StatusCounts;
}

export interface CountrySummary {
  readonly kind: 'country';
  /** The ISO code, e.g. "gb". */
  readonly id: string;
  readonly name: string;
  readonly nameZh: string | null;
}

/** A nation or region inside a country (England, Scotland, Wales, Northern Ireland). */
export interface RegionSummary {
  readonly kind: 'region';
  /** e.g. "gb.england". */
  readonly id: string;
  readonly name: string;
  readonly nameZh: string | null;
  readonly countryCode: string;
}

/** Something a member can pick from a list of choices or suggestions (each carries an id). */
export type TwinOption = PlaceSummary | PartnerSummary | CountrySummary | RegionSummary;

/** One link seen from either side. `verified` is false for rows only listed on Wikipedia. */
export interface TwinLinkView {
  readonly link: TwinLink;
  readonly verified: boolean;
  readonly place: PlaceSummary;
  readonly partner: PartnerSummary;
}

export interface AreaOverview {
  readonly kind: 'country';
  readonly country: CountrySummary;
  /** Set when the query named a nation or region, e.g. "Scotland". */
  readonly region: RegionSummary | null;
  /** Links by status. */
  readonly counts: StatusCounts;
  readonly linkCount: number;
  /** Links only listed on Wikipedia, status not verified. */
  readonly unverifiedCount: number;
  /** Sorted by name; page them with `page()`. */
  readonly places: readonly PlaceSummary[];
}

export type TwinLookupResult =
  | { readonly kind: 'place'; readonly place: PlaceSummary; readonly links: readonly TwinLinkView[] }
  | { readonly kind: 'partner'; readonly partner: PartnerSummary; readonly links: readonly TwinLinkView[] }
  | AreaOverview
  /** The name fits several things (e.g. London, UK and London, Canada): ask which. */
  | { readonly kind: 'choices'; readonly options: readonly TwinOption[] }
  /** Nothing by that name, but these are close ("did you mean"). */
  | { readonly kind: 'suggestions'; readonly options: readonly TwinOption[] }
  | { readonly kind: 'none' };
