/** Changes the status of one link, as a pure function over the list of links (for the admin CLI). */
import { twinLinkKey } from './csv';
import { linkToCells, twinRowSchema, type TwinCsvColumn, type TwinRowReason } from './row-schema';
import { STATUSES_WITH_END_YEAR, type TwinLink, type TwinStatus } from './types';

/** Which link: matched without regard to case or width, like the CSV's duplicate check. */
export interface TwinLinkRef {
  city: string;
  country: string;
  partner: string;
}

export interface TwinStatusChange {
  status: TwinStatus;
  /** For ended/suspended. Omitted: keep the current year if the new status allows one. */
  endedYear?: number | null;
  /** The source for the new status; becomes the link's `source_url`. */
  sourceUrl: string;
  /** Short free text for the notes, e.g. "Council vote of 2 Nov 2022". */
  note?: string;
}

export type UpdateLinkError =
  | { reason: 'link-not-found' }
  | { reason: TwinRowReason; column?: TwinCsvColumn };

export type UpdateLinkResult =
  | { ok: true; links: TwinLink[]; link: TwinLink; previous: TwinLink }
  | { ok: false; error: UpdateLinkError };

export interface UpdateLinkOptions {
  currentYear?: number;
}

/**
 * Returns new links with one link's status changed, checked by the same rules as the CSV. The old
 * notes and source are kept in the notes. A Wikipedia-only link that gets a sourced status becomes
 * a researched one: its notes no longer begin with the Wikipedia-only marker.
 */
export function updateLinkStatus(
  links: readonly TwinLink[],
  ref: TwinLinkRef,
  change: TwinStatusChange,
  options: UpdateLinkOptions = {},
): UpdateLinkResult {
  const key = twinLinkKey(ref);
  const index = links.findIndex((l) => twinLinkKey(l) === key);
  const previous = links[index];
  if (previous === undefined) return { ok: false, error: { reason: 'link-not-found' } };

  const allowsEnd = STATUSES_WITH_END_YEAR.includes(change.status);
  const endedYear = change.endedYear === undefined ? (allowsEnd ? previous.endedYear : null) : change.endedYear;
  const sourceUrl = change.sourceUrl.trim();
  const earlierSource = previous.sourceUrl === sourceUrl ? '' : ` Earlier source: ${previous.sourceUrl}.`;
  const head = `${change.note?.trim() || 'Status updated'} (status ${change.status}; ${sourceUrl}).`;
  const candidate: TwinLink = {
    ...previous,
    status: change.status,
    endedYear,
    sourceUrl,
    notes: `${head}${earlierSource} Earlier notes: ${previous.notes}`,
  };

  const parsed = twinRowSchema(options.currentYear ?? new Date().getFullYear()).safeParse(linkToCells(candidate));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const column = issue.path[0] as TwinCsvColumn | undefined;
    return { ok: false, error: { reason: issue.message as TwinRowReason, ...(column ? { column } : {}) } };
  }
  const link = parsed.data;
  const next = [...links];
  next[index] = link;
  return { ok: true, links: next, link, previous };
}
