/** Decides which links belong to one place abroad or one PRC partner, and gives each group its id. */
import { makeId, shortHash } from './ids';
import { normaliseName } from './normalise';
import type { TwinLink } from './types';

export interface LinkGroup {
  id: string;
  /** What makes the group one (for hashing clashing ids). */
  readonly key: string;
  readonly links: TwinLink[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Gives clashing ids a hash of their full key, so each stays unique and still deterministic. */
function deduplicateIds(groups: LinkGroup[]): void {
  for (const clash of groupBy(groups, (g) => g.id).values()) {
    if (clash.length > 1) for (const g of clash) g.id = makeId(g.id, '-', shortHash(g.key));
  }
}

/** One place per (city, country), with the id `<country code>-<slug of the city>`, e.g. "gb-bristol". */
export function groupPlaces(links: readonly TwinLink[], countryCode: (country: string) => string): LinkGroup[] {
  const groups = [...groupBy(links, (l) => `${l.city}\u0000${l.country}`)].map(([key, group]) => ({
    key,
    links: group,
    id: makeId(countryCode(group[0]!.country), '-', group[0]!.city),
  }));
  deduplicateIds(groups);
  return groups;
}

/**
 * The same PRC place is spelt several ways ("Yuhang District (Hangzhou)" / "Yuhang (Hangzhou)",
 * "Suzhou" / "Suzhou, Jiangsu"); its Chinese name and province identify it. Where the Chinese name
 * is blank the romanisation is ambiguous (several Fuzhous), so those stay apart per spelling.
 */
function partnerKey(link: TwinLink): string {
  const province = link.partnerProvince ?? '';
  return link.partnerZh ? `zh:${link.partnerZh}|${province}` : `en:${normaliseName(link.partner)}|${province}`;
}

/** The spelling most rows use; ties go to the shorter, then alphabetically first. */
export function commonestSpelling(links: readonly TwinLink[]): string {
  const tally = new Map<string, number>();
  for (const link of links) tally.set(link.partner, (tally.get(link.partner) ?? 0) + 1);
  return [...tally.entries()].sort(([a, x], [b, y]) => y - x || a.length - b.length || collator.compare(a, b))[0]![0];
}

/** One partner per PRC place, with the id `cn-<slug>`, e.g. "cn-guangzhou". */
export function groupPartners(links: readonly TwinLink[]): LinkGroup[] {
  const groups = [...groupBy(links, partnerKey)].map(([key, group]) => ({
    key,
    links: group,
    id: makeId('cn', '-', commonestSpelling(group)),
  }));
  // Same spelling, different place (Fuzhou, Fujian / Fuzhou, Jiangxi): the province tells them apart.
  for (const clash of groupBy(groups, (g) => g.id).values()) {
    if (clash.length < 2) continue;
    for (const g of clash) {
      const province = (g.links[0]!.partnerProvince ?? '').replace(/\s*\(.*\)\s*$/, '');
      g.id = makeId('cn', '-', `${commonestSpelling(g.links)} ${province}`);
    }
  }
  deduplicateIds(groups);
  return groups;
}
