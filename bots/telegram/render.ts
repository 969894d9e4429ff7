/** RichText → Telegram HTML (every string escaped), buttons → inline keyboards, deep-link payloads → t.me links. */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { START_PAYLOAD, isSafeUrl, type Button, type RichText, type Span } from '../../src';

/** Telegram's limit on a message's text, counted in UTF-16 code units after entity parsing. */
export const MAX_MESSAGE_LENGTH = 4096;
/** Telegram's limit on callback_data, in bytes. */
const MAX_CALLBACK_DATA_BYTES = 64;

/** Escapes text for HTML parse mode; quotes too, so the same function serves attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The link that opens the bot's private chat and sends /start <payload>; null for a payload Telegram would not carry. */
export function deepLinkUrl(botUsername: string, payload: string): string | null {
  return START_PAYLOAD.test(payload) ? `https://t.me/${botUsername}?start=${payload}` : null;
}

function spanHtml(span: Span, botUsername: string): string {
  const body = escapeHtml(span.text);
  if (span.kind === 'link') return isSafeUrl(span.url) ? `<a href="${escapeHtml(span.url)}">${body}</a>` : body;
  if (span.kind === 'deepLink') {
    const url = deepLinkUrl(botUsername, span.payload);
    return url ? `<a href="${escapeHtml(url)}">${body}</a>` : body;
  }
  if (span.style === 'bold') return `<b>${body}</b>`;
  if (span.style === 'italic') return `<i>${body}</i>`;
  if (span.style === 'code') return `<code>${body}</code>`;
  return body;
}

export function toHtml(text: RichText, botUsername: string): string {
  return text.map((span) => spanHtml(span, botUsername)).join('');
}

/**
 * Splits text into pieces Telegram accepts (at most `limit` visible characters each), at span
 * boundaries where possible, else at the last line break, else at the limit. Empty text yields one
 * empty piece so callers always have something to send.
 */
export function splitRich(text: RichText, limit = MAX_MESSAGE_LENGTH): RichText[] {
  const pieces: Span[][] = [];
  let current: Span[] = [];
  let used = 0;
  const flush = (): void => {
    if (current.length > 0) pieces.push(current);
    current = [];
    used = 0;
  };
  for (const span of text) {
    let rest = span;
    while (rest.text.length > limit - used) {
      if (current.length > 0 && rest.text.length <= limit) {
        flush();
        continue;
      }
      const room = limit - used;
      let cut = rest.text.lastIndexOf('\n', room);
      if (cut <= 0) cut = room;
      // Never cut a surrogate pair (emoji, rare CJK) in half.
      if (cut > 0 && cut < rest.text.length && /[\uD800-\uDBFF]/.test(rest.text[cut - 1]!)) cut--;
      if (cut <= 0 && current.length > 0) {
        flush();
        continue;
      }
      current.push({ ...rest, text: rest.text.slice(0, cut) });
      flush();
      rest = { ...rest, text: rest.text.slice(cut).replace(/^\n/, '') };
    }
    if (rest.text.length > 0) {
      current.push(rest);
      used += rest.text.length;
    }
  }
  flush();
  // A piece that is only whitespace would be refused as an empty message.
  const visible = pieces.filter((p) => p.some((s) => s.text.trim() !== ''));
  return visible.length > 0 ? visible : [[]];
}

function button(b: Button, botUsername: string): InlineKeyboardButton | null {
  switch (b.kind) {
    case 'action':
      // An overlong callback_data makes Telegram refuse the whole message; drop the button instead.
      if (Buffer.byteLength(b.data, 'utf8') > MAX_CALLBACK_DATA_BYTES) return null;
      // Telegram colours styled buttons (blue primary, red danger); older clients just ignore it.
      return b.style ? { text: b.label, callback_data: b.data, style: b.style } : { text: b.label, callback_data: b.data };
    case 'url':
      return isSafeUrl(b.url) ? { text: b.label, url: b.url } : null;
    case 'deepLink': {
      const url = deepLinkUrl(botUsername, b.payload);
      return url ? { text: b.label, url } : null;
    }
  }
}

/** Button labels are plain text to Telegram (no parse mode), so they need no escaping. */
export function inlineKeyboard(rows: Button[][] | undefined, botUsername: string): InlineKeyboardMarkup | undefined {
  const keyboard = (rows ?? [])
    .map((row) => row.map((b) => button(b, botUsername)).filter((b): b is InlineKeyboardButton => b !== null))
    .filter((row) => row.length > 0);
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}

/** Telegram caps callback answers at 200 characters. */
export function noticeText(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}
