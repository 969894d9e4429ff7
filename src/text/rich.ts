/** The small, safe formatting model replies are written in: spans of plain text, never markup strings. */

export type Span =
  | { kind: 'text'; text: string; style?: 'bold' | 'italic' | 'code' }
  /** An external http(s) link from trusted data (petition or twin source), shown as text. */
  | { kind: 'link'; text: string; url: string }
  /** A link that opens this bot in a private chat with a start payload; each adapter builds the URL. */
  | { kind: 'deepLink'; text: string; payload: string };

export type RichText = readonly Span[];

export function plain(text: string): RichText {
  return [{ kind: 'text', text }];
}

export function bold(text: string): RichText {
  return [{ kind: 'text', text, style: 'bold' }];
}

export function link(text: string, url: string): RichText {
  return isSafeUrl(url) ? [{ kind: 'link', text, url }] : plain(text);
}

export function deepLink(text: string, payload: string): RichText {
  return [{ kind: 'deepLink', text, payload }];
}

/** Joins parts; strings become plain text. */
export function rich(...parts: (RichText | string)[]): RichText {
  return parts.flatMap((p) => (typeof p === 'string' ? (p === '' ? [] : plain(p)) : p));
}

/** Joins with a separator between each part (e.g. lines). */
export function joinRich(parts: RichText[], separator: string): RichText {
  return parts.flatMap((p, i) => (i === 0 ? [...p] : [...plain(separator), ...p]));
}

/** Flattens to text for plain-text transports (console, notifications, tests). */
export function toPlain(text: RichText): string {
  return text.map((s) => (s.kind === 'link' ? `${s.text} (${s.url})` : s.text)).join('');
}

export function isSafeUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
