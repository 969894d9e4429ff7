/** Turns a text or caption parameter plus its parse_mode into what Telegram stores, refusing it as Telegram would. */
import type { MessageEntity } from 'grammy/types';
import { badRequest } from './api-error';
import { HtmlRefusal, parseTelegramHtml } from './html-parser';
import type { Params } from './params';

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** The `text` of sendMessage / editMessageText. */
export function messageText(params: Params): FormattedText {
  const raw = params.text('text');
  if (raw === '') throw badRequest('Message text is empty');
  const formatted = format(raw, params, 'parse_mode', 'entities');
  if (formatted.text === '') throw badRequest('Message must be non-empty');
  if (formatted.text.length > MAX_TEXT) throw badRequest('Message is too long');
  return formatted;
}

/** The optional `caption` of media messages. */
export function captionText(params: Params): FormattedText | undefined {
  const raw = params.text('caption');
  if (raw === '') return undefined;
  const formatted = format(raw, params, 'parse_mode', 'caption_entities');
  if (formatted.text.length > MAX_CAPTION) throw badRequest('Message caption is too long');
  return formatted.text === '' ? undefined : formatted;
}

function format(raw: string, params: Params, modeField: string, entitiesField: string): FormattedText {
  if (Buffer.byteLength(raw) > 1 << 15) throw badRequest('Text is too long');
  const mode = params.text(modeField).toLowerCase();
  let parsed: FormattedText;
  if (mode === '' || mode === 'none') {
    parsed = { text: raw, entities: explicitEntities(params, entitiesField) };
  } else if (mode === 'html') {
    try {
      parsed = parseTelegramHtml(raw);
    } catch (error) {
      if (error instanceof HtmlRefusal) throw badRequest(`Can't parse entities: ${error.message}`);
      throw error;
    }
  } else if (mode === 'markdown' || mode === 'markdownv2') {
    // Not modelled: Markdown text is stored as sent, without entities.
    parsed = { text: raw, entities: [] };
  } else {
    throw badRequest('Unsupported parse_mode');
  }
  return trimmed(parsed);
}

function explicitEntities(params: Params, field: string): MessageEntity[] {
  const value = params.json(field, `Can't parse entities JSON object`);
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest(`Field "${field}" must be an Array`);
  return value as MessageEntity[];
}

// Telegram strips surrounding whitespace from what it stores and moves the entities with the text.
function trimmed({ text, entities }: FormattedText): FormattedText {
  const start = text.length - text.trimStart().length;
  const kept = text.trim();
  const moved = entities
    .map((entity) => {
      const from = Math.max(0, entity.offset - start);
      const to = Math.min(kept.length, entity.offset + entity.length - start);
      return { ...entity, offset: from, length: to - from };
    })
    .filter((entity) => entity.length > 0);
  return { text: kept, entities: moved };
}
