/** "Did you mean": close names for a key with no exact match, found within a bounded search. */
import { distance } from 'fastest-levenshtein';
import { isHanKey } from './normalise';

/** Most options offered at once; more is noise on a phone screen. */
export const MAX_SUGGESTIONS = 6;

// Words too common to suggest a place on their own.
const STOP_TOKENS = new Set([
  'and', 'city', 'county', 'district', 'east', 'greater', 'lake', 'lakes', 'new', 'north', 'port',
  'province', 'region', 'regional', 'council', 'saint', 'south', 'state', 'the', 'west', 'government',
  'island', 'beach', 'coast', 'hills', 'falls', 'mount', 'fort', 'bay', 'under', 'upon',
]);

/**
 * Edits tolerated for a Latin key of this length: none for very short names (every three-letter
 * word is one edit from another), then about one per three to four letters. Checked on real
 * misses: at two edits for six letters, "Sutton" already came out as "Soton" (Southampton).
 */
export function latinThreshold(length: number): number {
  if (length < 4) return 0;
  if (length < 7) return 1;
  if (length < 11) return 2;
  return 3;
}

/** Levenshtein, except that swapping two neighbouring letters ("Lodnon") counts as one edit. */
function edits(key: string, candidate: string): number {
  const d = distance(key, candidate);
  if (d !== 2 || key.length !== candidate.length) return d;
  const diff: number[] = [];
  for (let i = 0; i < key.length && diff.length <= 2; i++) if (key[i] !== candidate[i]) diff.push(i);
  const [i, j] = diff;
  const swapped =
    diff.length === 2 && j === i! + 1 && key[i!] === candidate[j] && key[j] === candidate[i!];
  return swapped ? 1 : d;
}

/**
 * Beyond one edit, the first letter must agree: people rarely mistype it, and without this rule
 * "Reading" came out as "Jiading".
 */
function plausible(key: string, candidate: string, editCount: number): boolean {
  return editCount <= 1 || key[0] === candidate[0];
}

/**
 * Chinese names are two to five characters, each carrying much more than a letter: one wrong,
 * missing or extra character is tolerated from three characters up. Two-character input matches
 * the start of longer names (布里 → 布里斯托).
 */
export function hanThreshold(length: number): number {
  return length >= 3 ? 1 : 0;
}

interface Candidate<T> {
  target: T;
  score: number;
  key: string;
}

/**
 * Indexes keys by length (and Latin keys by word) so a query only compares against keys whose
 * length is within the tolerated distance: a bounded scan, used only after an exact miss.
 */
export class FuzzyNames<T> {
  private readonly byLength = new Map<number, [string, readonly T[]][]>();
  private readonly byToken = new Map<string, Set<T>>();
  private readonly hanKeys: [string, readonly T[]][] = [];

  constructor(entries: Iterable<[string, readonly T[]]>) {
    for (const [key, targets] of entries) {
      const han = isHanKey(key);
      const length = han ? [...key].length : key.length;
      const bucket = this.byLength.get(length);
      if (bucket) bucket.push([key, targets]);
      else this.byLength.set(length, [[key, targets]]);
      if (han) {
        this.hanKeys.push([key, targets]);
        continue;
      }
      for (const token of key.split(' ')) {
        if (token.length < 4 || STOP_TOKENS.has(token)) continue;
        const set = this.byToken.get(token) ?? new Set<T>();
        for (const t of targets) set.add(t);
        this.byToken.set(token, set);
      }
    }
  }

  /** Close targets, best first, without duplicates; empty when nothing is close enough. */
  suggest(key: string, limit = MAX_SUGGESTIONS): T[] {
    const han = isHanKey(key);
    const length = han ? [...key].length : key.length;
    const threshold = han ? hanThreshold(length) : latinThreshold(length);
    const found: Candidate<T>[] = [];

    // A whole word of a longer name: "Kingston" → Kingston upon Hull, "Wagga" → Wagga Wagga.
    if (!han) {
      for (const token of key.split(' ')) {
        for (const target of this.byToken.get(token) ?? []) found.push({ target, score: 0.5, key: token });
      }
    }
    // The start of a longer Chinese name.
    if (han && length >= 2) {
      for (const [candidate, targets] of this.hanKeys) {
        if (candidate.length > key.length && candidate.startsWith(key)) {
          for (const target of targets) found.push({ target, score: 0.5, key: candidate });
        }
      }
    }
    for (let len = length - threshold; threshold > 0 && len <= length + threshold; len++) {
      for (const [candidate, targets] of this.byLength.get(len) ?? []) {
        const d = edits(key, candidate);
        if (d <= threshold && plausible(key, candidate, d)) for (const target of targets) found.push({ target, score: d, key: candidate });
      }
    }

    found.sort((a, b) => a.score - b.score || a.key.localeCompare(b.key));
    const best = found[0]?.score ?? 0;
    const out: T[] = [];
    for (const c of found) {
      // Keep to the best tier and the next: one close hit should not drown in far ones.
      if (c.score > best + 1 || out.length >= limit) break;
      if (!out.includes(c.target)) out.push(c.target);
    }
    return out;
  }
}
