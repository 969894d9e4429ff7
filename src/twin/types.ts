/** The data types of the twin-city domain: one link between a place abroad and a PRC partner. */

export const TWIN_STATUSES = ['active', 'ended', 'suspended', 'disputed', 'unknown'] as const;
export type TwinStatus = (typeof TWIN_STATUSES)[number];

export const RELATIONSHIP_TYPES = ['sister', 'friendship', 'partnership'] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/**
 * Where a link comes from. `wikipedia` rows were only scraped from Wikipedia lists: the bot must
 * present them as "listed on Wikipedia, status not verified", never as fact.
 */
export type Provenance = 'researched' | 'wikipedia';

/** Notes of Wikipedia-only rows begin with this marker (see TWIN-SOURCES.md). */
export const WIKIPEDIA_ONLY_MARKER = 'Wikipedia-derived only';

/** Statuses that may carry an `endedYear` (a suspension records the year it began). */
export const STATUSES_WITH_END_YEAR: readonly TwinStatus[] = ['ended', 'suspended'];

/** One row of the twin CSV, typed. Empty CSV cells become `null`. */
export interface TwinLink {
  readonly city: string;
  readonly country: string;
  readonly region: string | null;
  readonly partner: string;
  readonly partnerZh: string | null;
  readonly partnerProvince: string | null;
  readonly type: RelationshipType | null;
  readonly sinceYear: number | null;
  readonly status: TwinStatus;
  readonly endedYear: number | null;
  readonly sourceUrl: string;
  readonly notes: string;
  /** Derived from `notes` (the Wikipedia-only marker), not a CSV column. */
  readonly provenance: Provenance;
}

/** Counts of links by status. */
export type StatusCounts = Record<TwinStatus, number>;

export function emptyStatusCounts(): StatusCounts {
  return { active: 0, ended: 0, suspended: 0, disputed: 0, unknown: 0 };
}
