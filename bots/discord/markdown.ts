/** RichText to Discord markdown: every string from data or a member is escaped, and long texts split into messages. */
import type { RichText, Span } from '../../src';
import { isSafeUrl } from '../../src';

/** Discord's limit for a message's content. */
export const MAX_CONTENT = 2000;
/** Raw text per piece: escaped it stays under the limit even if every character needs a backslash. */
const MAX_PIECE = 900;

/**
 * Characters that start markdown, mentions (<@id>, <#id>, <t:…>) or masked links anywhere in a line.
 * A backslash before ASCII punctuation shows the character itself, so an extra escape is harmless.
 */
const INLINE = /[\\*_~`|[\]<@]/g;
/** Headings (#, -#), lists (-, +, "1."), quotes (>) only start at a line's start; a span's start counts as one. */
const LINE_START = /^(\s*)([#>+-])/gm;
const ORDERED = /^(\s*\d+)\./gm;

export function escapeMarkdown(text: string): string {
  return text.replace(INLINE, '\\$&').replace(LINE_START, '$1\\$2').replace(ORDERED, '$1\\.');
}

/** Inline code cannot escape, so a backtick inside becomes a look-alike. */
function codeText(text: string): string {
  return text.replace(/`/g, 'ˋ');
}

/** Keeps surrounding whitespace outside the markers: "** a**" would not render bold. */
function wrap(text: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  const [, lead, body, trail] = match;
  return body === '' ? text : `${lead}${marker}${body}${marker}${trail}`;
}

/** A URL for a masked link: encoded so that ")" or ">" cannot end the link early. */
function linkTarget(url: string): string {
  return new URL(url).href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function renderSpan(span: Span): string {
  if (span.kind === 'link') {
    if (!isSafeUrl(span.url)) return escapeMarkdown(span.text);
    const target = linkTarget(span.url);
    const label = span.text.trim();
    // The angle brackets stop Discord from unfurling a preview of the page.
    return label === '' || label === span.url ? `<${target}>` : `[${escapeMarkdown(label)}](<${target}>)`;
  }
  if (span.kind === 'deepLink') return escapeMarkdown(span.text);
  switch (span.style) {
    case 'bold':
      return wrap(escapeMarkdown(span.text), '**');
    case 'italic':
      return wrap(escapeMarkdown(span.text), '*');
    case 'code': {
      const body = codeText(span.text);
      return body.trim() === '' ? body : wrap(body, '`');
    }
    default:
      return escapeMarkdown(span.text);
  }
}

/** Splits text spans at line ends and long lines at spaces, so any message can be cut between pieces. */
function pieces(text: RichText): Span[] {
  const out: Span[] = [];
  for (const span of text) {
    if (span.kind !== 'text') {
      out.push(span);
      continue;
    }
    for (const line of span.text.split(/(?<=\n)/)) {
      let rest = line;
      while (rest.length > MAX_PIECE) {
        const space = rest.lastIndexOf(' ', MAX_PIECE);
        const cut = space > MAX_PIECE / 2 ? space + 1 : MAX_PIECE;
        out.push({ ...span, text: rest.slice(0, cut) });
        rest = rest.slice(cut);
      }
      if (rest !== '') out.push({ ...span, text: rest });
    }
  }
  return out;
}

/** Renders to one or more message contents of at most MAX_CONTENT characters. */
export function renderMarkdown(text: RichText, limit = MAX_CONTENT): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const span of pieces(text)) {
    let piece = renderSpan(span);
    // "**a***b*" is ambiguous: keep markers of neighbouring spans apart.
    if (current.endsWith('*') && piece.startsWith('*')) piece = `\u200b${piece}`;
    if (current.length + piece.length > limit && current !== '') {
      chunks.push(current);
      current = piece.replace(/^\u200b/, '');
    } else {
      current += piece;
    }
    while (current.length > limit) {
      chunks.push(current.slice(0, limit));
      current = current.slice(limit);
    }
  }
  if (current !== '' || chunks.length === 0) chunks.push(current);
  return chunks.map((c) => c.replace(/^\n+|\n+$/g, '')).map((c) => (c.trim() === '' ? '\u200b' : c));
}
