/** Creates the messages an interaction produces, stamped as Discord stamps them (webhook id, interaction metadata). */
import type { FakeContext } from '../context.js';
import type { ApiMessage, JsonObject } from '../world/api-types.js';
import { MessageFlag, type MessageContent } from '../world/messages.js';
import { InteractionType, type InteractionRecord } from './interaction-store.js';

/** Message types: 20 answers a slash command; 0 is anything else. */
const CHAT_INPUT_COMMAND = 20;
const DEFAULT = 0;

export function interactionMetadata(record: InteractionRecord): JsonObject {
  const payload = record.payload;
  const member = payload['member'] as JsonObject | undefined;
  const user = (payload['user'] ?? member?.['user']) as JsonObject;
  const data = payload['data'] as JsonObject;
  return {
    id: record.id,
    type: record.type,
    user,
    authorizing_integration_owners: payload['authorizing_integration_owners']!,
    ...(record.type === InteractionType.ApplicationCommand ? { name: data['name']!, command_type: data['type']! } : {}),
  };
}

export function createInteractionMessage(
  ctx: FakeContext,
  record: InteractionRecord,
  content: MessageContent,
  { loading = false, followUp = false } = {},
): ApiMessage {
  const flags = (content.flags ?? 0) | (loading ? MessageFlag.Loading : 0);
  const type = record.type === InteractionType.ApplicationCommand && !followUp ? CHAT_INPUT_COMMAND : DEFAULT;
  return ctx.messages.create(record.channelId, ctx.world.botUser, { ...content, flags }, {
    type,
    webhookId: ctx.applicationId,
    applicationId: ctx.applicationId,
    interactionMetadata: interactionMetadata(record),
  });
}

/** The interaction's webhook lives for the token lifetime (15 minutes on Discord). */
export function tokenExpired(ctx: FakeContext, record: InteractionRecord, now = Date.now()): boolean {
  return now - record.createdAt > ctx.options.tokenLifetimeMs;
}

/** Callbacks are accepted only within the acknowledgement deadline (3 s on Discord). */
export function ackExpired(ctx: FakeContext, record: InteractionRecord, now = Date.now()): boolean {
  return now - record.createdAt > ctx.options.ackDeadlineMs;
}
