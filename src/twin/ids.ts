/** Short, stable, ASCII ids for places, partners and regions, fit for button data (≤ 40 chars). */
import { normaliseName } from './normalise';

export const MAX_ID_LENGTH = 40;

/** FNV-1a, base 36: a short deterministic tag to keep truncated or clashing ids apart. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

/** "Newcastle upon Tyne" → "newcastle-on-tyne"; empty when the name has no ASCII letters. */
export function slugify(name: string): string {
  return normaliseName(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `<prefix><separator><slug>`, shortened with a hash when it would pass 40 characters. The same
 * name always gives the same id, so ids in old buttons keep working after the data is rebuilt.
 */
export function makeId(prefix: string, separator: string, name: string): string {
  const slug = slugify(name) || shortHash(name);
  const id = `${prefix}${separator}${slug}`;
  if (id.length <= MAX_ID_LENGTH) return id;
  const tag = shortHash(name);
  const room = MAX_ID_LENGTH - prefix.length - separator.length - tag.length - 1;
  return `${prefix}${separator}${slug.slice(0, room).replace(/-+$/, '')}-${tag}`;
}
