/** Picks the message fields out of a validated request body, keeping PATCH's absent-versus-null distinction. */
import { isObject } from '../validate/json.js';
import { settableFlags } from '../validate/messages.js';
import type { Json } from '../world/api-types.js';
import type { MessageContent } from '../world/messages.js';
import { attachmentsFrom } from './attachments.js';
import type { UploadedFile } from './responses.js';

export function messageContent(body: unknown, files: readonly UploadedFile[], channelId: string): MessageContent {
  const fields = isObject(body) ? body : {};
  const content: MessageContent = {};
  if ('content' in fields) content.content = fields['content'] as string | null;
  if ('embeds' in fields) content.embeds = fields['embeds'] as Json[] | null;
  if ('components' in fields) content.components = fields['components'] as Json[] | null;
  if ('flags' in fields) content.flags = fields['flags'] === null ? null : settableFlags(fields['flags']);
  if (files.length > 0) content.attachments = attachmentsFrom(files, channelId);
  return content;
}
