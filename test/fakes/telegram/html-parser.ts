/** Telegram's HTML parse mode, after TDLib's parse_html: plain text plus entities, or its exact refusal. */
import type { MessageEntity } from 'grammy/types';

export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins',
  'tg-spoiler', 'tg-emoji', 'tg-time', 'span', 'pre', 'code', 'blockquote',
]);

interface OpenTag {
  tag: string;
  argument: string;
  offset: number;
}

/** Telegram's refusal; its message is what follows "Bad Request: can't parse entities: " in the API answer. */
export class HtmlRefusal extends Error {
  override readonly name = 'HtmlRefusal';
}

/** Parses `html` into the text and entities Telegram would store, or throws HtmlRefusal. */
export function parseTelegramHtml(html: string): ParsedText {
  // TDLib reads a NUL-terminated C string: past the end reads as '\0', which counts as a space.
  const at = (i: number): string => (i < html.length ? html.charAt(i) : '\0');
  // Positions in `html` are UTF-16 units; Telegram reports UTF-8 byte offsets.
  const byteOffset = (i: number): number => Buffer.byteLength(html.slice(0, i), 'utf8');
  const refuse = (message: string): never => {
    throw new HtmlRefusal(message);
  };

  let text = '';
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];

  for (let i = 0; i < html.length; i++) {
    const c = html.charAt(i);
    if (c === '&') {
      const decoded = decodeEntity(at, i);
      if (decoded) {
        text += decoded.text;
        i = decoded.end - 1;
        continue;
      }
    }
    if (c !== '<') {
      text += c;
      continue;
    }

    const begin = i++;
    if (at(i) !== '/') {
      while (!isSpace(at(i)) && at(i) !== '>') i++;
      if (at(i) === '\0') refuse(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      const tag = html.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) refuse(`Unsupported start tag "${tag}" at byte offset ${byteOffset(begin)}`);

      let argument = '';
      while (at(i) !== '>') {
        while (at(i) !== '\0' && isSpace(at(i))) i++;
        if (at(i) === '>') break;
        const nameBegin = i;
        while (!isSpace(at(i)) && !'=>/"\''.includes(at(i))) i++;
        const attribute = html.slice(nameBegin, i);
        if (attribute === '') refuse(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(begin)}`);
        while (at(i) !== '\0' && isSpace(at(i))) i++;
        if (at(i) !== '=') {
          if (at(i) === '\0') refuse(`Unclosed start tag "${tag}" at byte offset ${byteOffset(begin)}`);
          if (tag === 'blockquote' && attribute === 'expandable') argument = '1';
          continue;
        }
        i++;
        while (at(i) !== '\0' && isSpace(at(i))) i++;
        if (at(i) === '\0') refuse(`Unclosed start tag "${tag}" at byte offset ${byteOffset(begin)}`);

        let value = '';
        if (at(i) !== '"' && at(i) !== "'") {
          // An unquoted name token: letters, digits, '.' and '-', case-insensitive.
          const tokenBegin = i;
          while (/[A-Za-z0-9.-]/.test(at(i))) i++;
          if (!isSpace(at(i)) && at(i) !== '>') {
            refuse(`Unexpected end of name token at byte offset ${byteOffset(tokenBegin)}`);
          }
          value = html.slice(tokenBegin, i).toLowerCase();
        } else {
          const quote = at(i++);
          while (at(i) !== quote && at(i) !== '\0') {
            const decoded = at(i) === '&' ? decodeEntity(at, i) : undefined;
            if (decoded) {
              value += decoded.text;
              i = decoded.end;
            } else {
              value += at(i++);
            }
          }
          if (at(i) === quote) i++;
        }
        if (at(i) === '\0') refuse(`Unclosed start tag at byte offset ${byteOffset(begin)}`);

        if ((tag === 'a' && attribute === 'href') || (tag === 'tg-emoji' && attribute === 'emoji-id')) argument = value;
        else if (tag === 'code' && attribute === 'class' && value.startsWith('language-')) argument = value.slice(9);
        else if (tag === 'span' && attribute === 'class' && value.startsWith('tg-')) argument = value.slice(3);
        else if (tag === 'blockquote' && attribute === 'expandable') argument = '1';
      }
      if (tag === 'span' && argument !== 'spoiler') {
        refuse(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
      }
      open.push({ tag, argument, offset: text.length });
      continue;
    }

    // An end tag.
    const last = open.at(-1);
    if (last === undefined) refuse(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
    while (!isSpace(at(i)) && at(i) !== '>') i++;
    const endTag = html.slice(begin + 2, i).toLowerCase();
    while (isSpace(at(i)) && at(i) !== '\0') i++;
    if (at(i) !== '>') refuse(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
    const current = last as OpenTag;
    if (endTag !== '' && endTag !== current.tag) {
      refuse(`Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${current.tag}>", found "</${endTag}>"`);
    }
    if (text.length > current.offset) addEntity(entities, current, text);
    open.pop();
  }

  const unclosed = open.at(-1);
  if (unclosed) refuse(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
    refuse(
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    );
  }
  // A language is kept only on code inside pre.
  for (const entity of entities) if (entity.type === 'code') delete (entity as { language?: string }).language;
  return { text, entities: sortEntities(entities) };
}

function addEntity(entities: MessageEntity[], tag: OpenTag, text: string): void {
  const offset = tag.offset;
  const length = text.length - offset;
  const last = entities.at(-1);
  const sameSpan = last !== undefined && last.offset === offset && last.length === length;
  switch (tag.tag) {
    case 'b':
    case 'strong':
      entities.push({ type: 'bold', offset, length });
      return;
    case 'i':
    case 'em':
      entities.push({ type: 'italic', offset, length });
      return;
    case 'u':
    case 'ins':
      entities.push({ type: 'underline', offset, length });
      return;
    case 's':
    case 'strike':
    case 'del':
      entities.push({ type: 'strikethrough', offset, length });
      return;
    case 'tg-spoiler':
    case 'span':
      entities.push({ type: 'spoiler', offset, length });
      return;
    case 'blockquote':
      entities.push({ type: tag.argument ? 'expandable_blockquote' : 'blockquote', offset, length });
      return;
    case 'tg-emoji':
      if (!/^\d+$/.test(tag.argument) || /^0+$/.test(tag.argument)) {
        throw new HtmlRefusal('Invalid custom emoji identifier specified');
      }
      entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument });
      return;
    case 'a': {
      const target = tag.argument || text.slice(offset);
      const userId = /^tg:\/\/user\?id=(\d+)$/i.exec(target)?.[1];
      if (userId !== undefined) {
        entities.push({ type: 'text_mention', offset, length, user: { id: Number(userId), is_bot: false, first_name: '' } });
        return;
      }
      const url = checkUrl(target);
      if (url !== undefined) entities.push({ type: 'text_link', offset, length, url });
      return;
    }
    case 'pre':
      if (last?.type === 'code' && sameSpan && 'language' in last && typeof last.language === 'string' && last.language) {
        entities[entities.length - 1] = { type: 'pre', offset, length, language: last.language };
      } else {
        entities.push({ type: 'pre', offset, length });
      }
      return;
    case 'code':
      if (last?.type === 'pre' && sameSpan && tag.argument) {
        entities[entities.length - 1] = { type: 'pre', offset, length, language: tag.argument };
      } else {
        // Keep the language for now: a closing pre may claim it; the rest lose it at the end.
        const code = { type: 'code', offset, length, ...(tag.argument ? { language: tag.argument } : {}) };
        entities.push(code as MessageEntity);
      }
      return;
    default:
      // tg-time makes no entity the Bot API reports.
      return;
  }
}

/**
 * TDLib's check_url, approximately: tg:/ton: links are kept; http(s) links need a dotted host, gain
 * "http://" when bare and "/" when they have no path; anything else makes no link.
 */
function checkUrl(target: string): string | undefined {
  if (/^(tg|ton|tonsite):/i.test(target)) return target;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(target) ? target : `http://${target}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname.includes('.')) return undefined;
    const bareHost = url.pathname === '/' && url.search === '' && url.hash === '' && !withScheme.endsWith('/');
    return bareHost ? `${withScheme}/` : withScheme;
  } catch {
    return undefined;
  }
}

/** TDLib's decode_html_entity: &lt; &gt; &amp; &quot; and numeric references, ';' optional; anything else stays literal. */
function decodeEntity(at: (i: number) => string, position: number): { text: string; end: number } | undefined {
  let end = position + 1;
  let code = 0;
  if (at(position + 1) === '#') {
    end++;
    if (at(position + 2) === 'x') {
      end++;
      while (/[0-9a-fA-F]/.test(at(end))) code = code * 16 + parseInt(at(end++), 16);
    } else {
      while (/[0-9]/.test(at(end))) code = code * 10 + Number(at(end++));
    }
    if (code === 0 || code >= 0x10ffff || end - position >= 10) return undefined;
  } else {
    while (/[A-Za-z]/.test(at(end))) end++;
    let name = '';
    for (let i = position + 1; i < end; i++) name += at(i);
    const named: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };
    code = named[name] ?? 0;
    if (code === 0) return undefined;
  }
  return { text: String.fromCodePoint(code), end: at(end) === ';' ? end + 1 : end };
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\0' || c === '\v';
}

const PRIORITY: Partial<Record<MessageEntity['type'], number>> = {
  blockquote: 0, expandable_blockquote: 0, pre: 11, code: 20, text_link: 49, text_mention: 49,
  bold: 90, italic: 91, underline: 92, strikethrough: 93, spoiler: 94, custom_emoji: 99,
};

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return [...entities].sort(
    (a, b) => a.offset - b.offset || b.length - a.length || (PRIORITY[a.type] ?? 50) - (PRIORITY[b.type] ?? 50),
  );
}
