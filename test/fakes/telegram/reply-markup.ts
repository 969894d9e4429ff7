/** Validates reply_markup like the Bot API and TDLib do, and keeps the inline keyboard Telegram echoes back. */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { badRequest } from './api-error';
import type { Params } from './params';

export type ReplyMarkup =
  | { kind: 'inline'; markup: InlineKeyboardMarkup }
  /** Reply keyboards, remove_keyboard and force_reply: accepted, but never part of the returned Message. */
  | { kind: 'keyboard'; markup: Record<string, unknown> };

const BUTTON_TYPES_WITH_OBJECTS = ['switch_inline_query_chosen_chat', 'login_url', 'web_app', 'copy_text'] as const;

export function readReplyMarkup(params: Params): ReplyMarkup | undefined {
  const value = params.json('reply_markup', "Can't parse reply keyboard markup JSON object");
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Object expected as reply markup');
  }
  const object = value as Record<string, unknown>;

  if (object.keyboard !== undefined) {
    if (!Array.isArray(object.keyboard)) throw badRequest('Field "keyboard" must be of type Array');
    if (object.keyboard.some((row) => !Array.isArray(row))) throw badRequest('Field "keyboard" must be an Array of Arrays');
    if (object.keyboard.length > 0) return { kind: 'keyboard', markup: object };
  }
  if (object.inline_keyboard !== undefined) {
    if (!Array.isArray(object.inline_keyboard)) throw badRequest('Field "inline_keyboard" must be of type Array');
    const rows = object.inline_keyboard.map((row: unknown) => {
      if (!Array.isArray(row)) {
        throw badRequest('Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
      }
      return row.map(inlineButton);
    });
    if (rows.length > 0) return { kind: 'inline', markup: { inline_keyboard: rows } };
  }
  if (object.remove_keyboard || object.hide_keyboard || object.force_reply) return { kind: 'keyboard', markup: object };
  return undefined;
}

function inlineButton(value: unknown): InlineKeyboardButton {
  const refuse = (reason: string) => badRequest(`Can't parse inline keyboard button: ${reason}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw refuse('InlineKeyboardButton must be an Object');
  }
  const button = value as Record<string, unknown>;
  const text = stringField(button, 'text', true, refuse);
  // Later checks come from Telegram's servers, which answer with bare error codes.
  if (text.trim() === '') throw badRequest('BUTTON_TEXT_INVALID');

  const url = stringField(button, 'url', false, refuse);
  if (url !== '') {
    if (!isButtonUrl(url)) throw badRequest('BUTTON_URL_INVALID');
    return { text, url };
  }
  const data = stringField(button, 'callback_data', false, refuse);
  if (data !== '') {
    if (Buffer.byteLength(data, 'utf8') > 64) throw badRequest('BUTTON_DATA_INVALID');
    return { text, callback_data: data };
  }
  if (button.callback_game !== undefined) return { text, callback_game: {} };
  if (button.pay !== undefined) return { text, pay: true };
  for (const field of ['switch_inline_query', 'switch_inline_query_current_chat'] as const) {
    if (button[field] === undefined) continue;
    return { text, [field]: stringField(button, field, true, refuse) } as unknown as InlineKeyboardButton;
  }
  for (const field of BUTTON_TYPES_WITH_OBJECTS) {
    if (button[field] === undefined) continue;
    if (typeof button[field] !== 'object' || button[field] === null) throw refuse(`Field "${field}" must be of type Object`);
    return { text, [field]: button[field] } as unknown as InlineKeyboardButton;
  }
  throw refuse('Text buttons are unallowed in the inline keyboard');
}

function stringField(
  object: Record<string, unknown>,
  name: string,
  required: boolean,
  refuse: (reason: string) => Error,
): string {
  const value = object[name];
  if (value === undefined || value === null) {
    if (required) throw refuse(`Can't find field "${name}"`);
    return '';
  }
  if (typeof value !== 'string') throw refuse(`Field "${name}" must be of type String`);
  return value;
}

// Telegram accepts http(s) links to public hosts and tg:// links; it refuses localhost and other schemes.
function isButtonUrl(text: string): boolean {
  if (/^tg:\/\/\S+$/i.test(text)) return true;
  try {
    const url = new URL(text);
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    return web && url.hostname.includes('.') && url.hostname !== '127.0.0.1';
  } catch {
    return false;
  }
}

/** Whether two inline keyboards would look the same to a user (Telegram's "message is not modified" test). */
export function sameMarkup(a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
