/** Twin links in the database (TwinLink rows) and the 'twins' data version that tells processes to rebuild. */
import { bumpDataVersion, readDataVersion } from '../db/data-version';
import type { Db, Tx } from '../db/client';
import type { Provenance, RelationshipType, TwinLink, TwinStatus } from './types';

/** The DataVersion row bumped on every change to the links. */
export const TWIN_DATA_VERSION = 'twins';

type Row = Awaited<ReturnType<Db['twinLink']['findMany']>>[number];

/** What a write to the table did, for the admin's report and the audit log (counts only). */
export interface TwinWriteSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

// The column is NOT NULL, but the data has links of no stated type: those are stored as ''.
function toRow(link: TwinLink) {
  return {
    city: link.city,
    country: link.country,
    region: link.region,
    partner: link.partner,
    partnerZh: link.partnerZh,
    partnerProvince: link.partnerProvince,
    type: link.type ?? '',
    sinceYear: link.sinceYear,
    status: link.status,
    endedYear: link.endedYear,
    sourceUrl: link.sourceUrl,
    notes: link.notes,
    provenance: link.provenance,
  };
}

function fromRow(row: Row): TwinLink {
  return {
    city: row.city,
    country: row.country,
    region: row.region,
    partner: row.partner,
    partnerZh: row.partnerZh,
    partnerProvince: row.partnerProvince,
    type: row.type === '' ? null : (row.type as RelationshipType),
    sinceYear: row.sinceYear,
    status: row.status as TwinStatus,
    endedYear: row.endedYear,
    sourceUrl: row.sourceUrl,
    notes: row.notes ?? '',
    provenance: row.provenance as Provenance,
  };
}

/** The unique key of a row, exactly as the database compares it. */
function rowKey(link: Pick<TwinLink, 'city' | 'country' | 'partner'>): string {
  return `${link.city}\u0000${link.country}\u0000${link.partner}`;
}

const byKey = (a: TwinLink, b: TwinLink): number => {
  const x = rowKey(a);
  const y = rowKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Links in one canonical order (country, city, partner by code unit), whatever the database's
 * collation: every process builds the same index, and exports are stable.
 */
export function sortTwinLinks(links: readonly TwinLink[]): TwinLink[] {
  return [...links].sort(byKey);
}

function sameLink(a: TwinLink, b: TwinLink): boolean {
  const x = toRow(a);
  const y = toRow(b);
  return (Object.keys(x) as (keyof typeof x)[]).every((k) => x[k] === y[k]);
}

export async function readTwinLinks(db: Db | Tx): Promise<TwinLink[]> {
  return sortTwinLinks((await db.twinLink.findMany()).map(fromRow));
}

export async function countTwinLinks(db: Db | Tx): Promise<number> {
  return db.twinLink.count();
}

/** The current version; 0 when the links were never written. One primary-key read. */
export async function readTwinVersion(db: Db | Tx): Promise<number> {
  return readDataVersion(db, TWIN_DATA_VERSION);
}

/** Marks the links as changed, in the same transaction as the change; returns the new version. */
export async function bumpTwinVersion(tx: Tx): Promise<number> {
  return bumpDataVersion(tx, TWIN_DATA_VERSION);
}

const BATCH = 200;

/**
 * Makes the table hold exactly `links` (an admin import of the whole file). Unchanged rows are not
 * touched. Run it inside one write transaction so a failure leaves the table as it was.
 */
export async function replaceTwinLinks(tx: Tx, links: readonly TwinLink[]): Promise<TwinWriteSummary> {
  const existing = new Map((await tx.twinLink.findMany()).map((row) => [rowKey(row), row]));
  const toCreate: ReturnType<typeof toRow>[] = [];
  const summary: TwinWriteSummary = { added: 0, changed: 0, removed: 0, unchanged: 0 };
  for (const link of links) {
    const key = rowKey(link);
    const row = existing.get(key);
    existing.delete(key);
    if (!row) {
      toCreate.push(toRow(link));
      summary.added++;
    } else if (sameLink(fromRow(row), link)) {
      summary.unchanged++;
    } else {
      await tx.twinLink.update({ where: { id: row.id }, data: toRow(link) });
      summary.changed++;
    }
  }
  const stale = [...existing.values()].map((row) => row.id);
  for (let i = 0; i < stale.length; i += BATCH) {
    summary.removed += (await tx.twinLink.deleteMany({ where: { id: { in: stale.slice(i, i + BATCH) } } })).count;
  }
  for (let i = 0; i < toCreate.length; i += BATCH) await tx.twinLink.createMany({ data: toCreate.slice(i, i + BATCH) });
  return summary;
}

/** Writes one changed link over the row with `previous`'s key; false when that row is gone. */
export async function saveTwinLink(tx: Tx, previous: TwinLink, link: TwinLink): Promise<boolean> {
  const { count } = await tx.twinLink.updateMany({
    where: { city: previous.city, country: previous.country, partner: previous.partner },
    data: toRow(link),
  });
  return count > 0;
}
