/** Validates message bodies (channel posts, interaction replies, webhook edits): content, embeds, flags, components. */
import { MessageFlag } from '../world/messages.js';
import { validateMessageComponents } from './components.js';
import { FormErrors } from './form-errors.js';
import { asArray, isObject } from './json.js';

export type MessageBodyKind = 'create' | 'edit';

export interface MessageVerdict {
  errors: FormErrors;
  /** Discord answers an empty create with 50006, not 50035. */
  empty: boolean;
}

/** Flags a bot may set; anything else is ignored by Discord, and so by the fake. */
const SETTABLE_FLAGS =
  MessageFlag.SuppressEmbeds | MessageFlag.Ephemeral | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2;

export function validateMessageBody(body: unknown, kind: MessageBodyKind, hasFiles = false): MessageVerdict {
  const errors = new FormErrors();
  if (!isObject(body)) {
    return { errors, empty: kind === 'create' && !hasFiles };
  }
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  const componentsV2 = (flags & MessageFlag.IsComponentsV2) !== 0;
  errors.length(['content'], body['content'], 0, 2000, false);
  if (componentsV2 && (nonEmpty(body['content']) || asArray(body['embeds']).length > 0)) {
    errors.add(['content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' and \'embeds\' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2');
  }
  validateEmbeds(errors, body['embeds']);
  validateMessageComponents(errors, body['components'], componentsV2);
  const empty =
    kind === 'create' &&
    !hasFiles &&
    !nonEmpty(body['content']) &&
    asArray(body['embeds']).length === 0 &&
    asArray(body['components']).length === 0 &&
    asArray(body['sticker_ids']).length === 0 &&
    body['poll'] === undefined;
  return { errors, empty };
}

/** Keeps only the flags a bot may set. */
export function settableFlags(flags: unknown): number {
  return typeof flags === 'number' ? flags & SETTABLE_FLAGS : 0;
}

function validateEmbeds(errors: FormErrors, embeds: unknown): void {
  if (embeds === undefined || embeds === null) return;
  errors.size(['embeds'], embeds, 0, 10);
  let total = 0;
  asArray(embeds).forEach((embed, index) => {
    const path = ['embeds', index];
    if (!isObject(embed)) {
      errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    errors.length([...path, 'title'], embed['title'], 0, 256, false);
    errors.length([...path, 'description'], embed['description'], 0, 4096, false);
    total += textLength(embed['title']) + textLength(embed['description']);
    if (isObject(embed['footer'])) {
      errors.length([...path, 'footer', 'text'], embed['footer']['text'], 1, 2048);
      total += textLength(embed['footer']['text']);
    }
    if (isObject(embed['author'])) {
      errors.length([...path, 'author', 'name'], embed['author']['name'], 1, 256);
      total += textLength(embed['author']['name']);
    }
    errors.size([...path, 'fields'], embed['fields'], 0, 25);
    asArray(embed['fields']).forEach((field, i) => {
      if (!isObject(field)) return;
      errors.length([...path, 'fields', i, 'name'], field['name'], 1, 256);
      errors.length([...path, 'fields', i, 'value'], field['value'], 1, 1024);
      total += textLength(field['name']) + textLength(field['value']);
    });
    errors.range([...path, 'color'], embed['color'], 0, 0xffffff);
  });
  if (total > 6000) {
    errors.add(['embeds'], 'MESSAGE_EMBED_TOTAL_LENGTH_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
}

function textLength(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}
