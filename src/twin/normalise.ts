/** Turns a place name as typed (any case, accents, width, script, spelling variant) into a lookup key. */
import { containsHan, foldChinese } from './chinese';

// Letters NFKD does not decompose into a base letter plus a mark.
const LETTERS: Record<string, string> = {
  ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};

// Spelling variants that name the same place: "Newcastle-upon-Tyne" / "Newcastle on Tyne",
// "St. Louis" / "Saint Louis". `under` is left alone: Newcastle-under-Lyme is another town.
const TOKENS: Record<string, string> = {
  upon: 'on', st: 'saint', ste: 'sainte', mt: 'mount', ft: 'fort',
};

// Leading words that add nothing: "the Hague", "City of Sheffield".
const LEADING = [['the', 'city', 'of'], ['city', 'of'], ['the']];

// Administrative suffixes a Chinese speaker may add or drop: 廣州市, 江西省, 楊浦區.
// 城 alone is not one of them: 曼城 is Manchester. Keys are already in Simplified here.
const HAN_SUFFIXES = ['城市', '市', '省', '区'];

const HAN_CHAR = /\p{Script=Han}/u;

function stripHanSuffix(key: string): string {
  if (![...key].every((c) => HAN_CHAR.test(c))) return key;
  for (const suffix of HAN_SUFFIXES) {
    // Keep at least two characters: a one-character remainder is rarely a name on its own.
    if (key.endsWith(suffix) && [...key].length - suffix.length >= 2) {
      return key.slice(0, -suffix.length);
    }
  }
  return key;
}

/** Joins runs of single ASCII letters: "u k" → "uk", "d c" → "dc" (from "U.K.", "D.C."). */
function joinInitials(tokens: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const token of tokens) {
    if (/^[a-z]$/.test(token)) {
      run += token;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(token);
  }
  if (run) out.push(run);
  return out;
}

function dropLeading(tokens: string[]): string[] {
  for (const words of LEADING) {
    if (tokens.length > words.length && words.every((w, i) => tokens[i] === w)) {
      return tokens.slice(words.length);
    }
  }
  return tokens;
}

/**
 * The lookup key of a name. Two spellings of the same name give the same key; the key is never
 * shown to anyone. Chinese is folded to Simplified, so Traditional and Simplified input match.
 */
export function normaliseName(input: string): string {
  let text = input.normalize('NFKC');
  if (containsHan(text)) text = foldChinese(text);
  text = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (c) => LETTERS[c] ?? c)
    .replace(/&/g, ' and ')
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  const tokens = dropLeading(joinInitials(text.split(' ').filter(Boolean)).map((t) => TOKENS[t] ?? t));
  // Chinese is written without spaces; drop any typed between characters.
  const key = tokens.join(' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
  return stripHanSuffix(key);
}

/** The key without spaces, so "Milton Keynes" meets "MiltonKeynes" and "Xi An" meets "Xian". */
export function compactKey(key: string): string {
  return key.replace(/ /g, '');
}

/** Whether a key is Chinese (then typo tolerance counts characters, not letters). */
export function isHanKey(key: string): boolean {
  return containsHan(key);
}
