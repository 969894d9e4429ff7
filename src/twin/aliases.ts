/** Derives the shorter names people type from the official names in the data ("State of Ohio" → "Ohio"). */

// A parenthesis that only says what kind of body this is, not another name for it.
const GENERIC = /^(district|county|city|municipality|borough|region|province)$/i;

function add(out: Set<string>, name: string): void {
  const trimmed = name.trim();
  if (trimmed) out.add(trimmed);
}

/**
 * Names for a place abroad: "Perth (Perth and Kinross)" → Perth, Perth and Kinross;
 * "Oxford / Oxfordshire" → both; "State of Ohio" → Ohio; "Bayside, Victoria" → Bayside;
 * "Stratford-on-Avon District" → Stratford-on-Avon; "Greater Geelong" → Geelong.
 * Ambiguity is fine: two places sharing a short name become a choice for the member.
 */
export function placeAliases(city: string): string[] {
  const out = new Set<string>([city]);
  const queue = [city];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const derived = new Set<string>();
    const paren = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(name);
    if (paren) {
      add(derived, paren[1] ?? '');
      if (!GENERIC.test(paren[2] ?? '')) add(derived, paren[2] ?? '');
    }
    if (name.includes(' / ')) name.split(' / ').forEach((part) => add(derived, part));
    const comma = /^([^,]+),\s*(.+)$/.exec(name);
    if (comma) add(derived, comma[1] ?? '');
    const prefix = /^(?:State|Province|County|City|Borough|Municipality) of (.+)$/i.exec(name);
    if (prefix) add(derived, prefix[1] ?? '');
    const suffix = /^(.+?) (?:District|Regional Council|Borough Council|City Council)$/i.exec(name);
    if (suffix) add(derived, suffix[1] ?? '');
    const greater = /^Greater (.+)$/i.exec(name);
    if (greater) add(derived, greater[1] ?? '');
    for (const alias of derived) {
      if (!out.has(alias)) {
        out.add(alias);
        queue.push(alias);
      }
    }
  }
  return [...out];
}

/**
 * Names for a PRC partner: "Yuhang District (Hangzhou)" → Yuhang District, Yuhang;
 * "Taizhou, Jiangsu" → Taizhou; "Suzhou – Wujiang" → Wujiang; "Jiangxi Province" → Jiangxi;
 * "Guangxi Zhuang Autonomous Region" → Guangxi. A parenthesis here names the parent city,
 * so it never becomes an alias on its own ("Chaoyang (Beijing)" is not Beijing).
 */
export function partnerAliases(partner: string): string[] {
  const out = new Set<string>([partner]);
  const queue = [partner];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const derived = new Set<string>();
    const paren = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(name);
    if (paren) add(derived, paren[1] ?? '');
    const comma = /^([^,]+),\s*(.+)$/.exec(name);
    if (comma) add(derived, comma[1] ?? '');
    const dash = /^(.+?)\s+[–—-]\s+(.+)$/.exec(name);
    if (dash) add(derived, dash[2] ?? '');
    const kind = /^(.+?) (?:Province|District|County|Prefecture|New Area)$/i.exec(name);
    if (kind) add(derived, kind[1] ?? '');
    const autonomous = /^(\S+)(?: \S+)? Autonomous (?:Region|Prefecture|County)$/i.exec(name);
    if (autonomous) add(derived, autonomous[1] ?? '');
    for (const alias of derived) {
      if (!out.has(alias)) {
        out.add(alias);
        queue.push(alias);
      }
    }
  }
  return [...out];
}
