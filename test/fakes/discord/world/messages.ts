/** Every message the bot has posted, edited or deleted: channel posts, DMs and interaction responses. */
import { snowflake } from '../snowflake.js';
import type { ApiMessage, ApiUser, Json, JsonObject } from './api-types.js';

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

/** The editable part of a message, as a create/edit body carries it. */
export interface MessageContent {
  content?: string | null;
  embeds?: Json[] | null;
  components?: Json[] | null;
  flags?: number | null;
  attachments?: Json[] | null;
}

export interface MessageExtras {
  type?: number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: JsonObject;
  nonce?: string | number;
}

export class MessageStore {
  private readonly messages = new Map<string, ApiMessage>();
  private readonly deleted = new Set<string>();

  create(channelId: string, author: ApiUser, body: MessageContent, extras: MessageExtras = {}): ApiMessage {
    const message: ApiMessage = {
      id: snowflake(),
      type: extras.type ?? 0,
      channel_id: channelId,
      content: body.content ?? '',
      embeds: (body.embeds ?? []).map(normalizeEmbed),
      components: body.components ?? [],
      attachments: body.attachments ?? [],
      flags: body.flags ?? 0,
      author,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      ...(extras.webhookId ? { webhook_id: extras.webhookId } : {}),
      ...(extras.applicationId ? { application_id: extras.applicationId } : {}),
      ...(extras.interactionMetadata ? { interaction_metadata: extras.interactionMetadata } : {}),
      ...(extras.nonce !== undefined ? { nonce: extras.nonce } : {}),
    };
    this.messages.set(message.id, message);
    return message;
  }

  get(id: string): ApiMessage | undefined {
    return this.deleted.has(id) ? undefined : this.messages.get(id);
  }

  /** PATCH semantics: absent fields stay, null clears. Ephemeral and loading are not editable. */
  edit(id: string, body: MessageContent, { markEdited = true } = {}): ApiMessage {
    const message = this.get(id);
    if (!message) throw new Error(`edit: unknown message ${id}`);
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = (body.embeds ?? []).map(normalizeEmbed);
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.attachments !== undefined) message.attachments = body.attachments ?? [];
    if (body.flags !== undefined && body.flags !== null) {
      const sticky = message.flags & (MessageFlag.Ephemeral | MessageFlag.IsComponentsV2);
      message.flags = (body.flags & ~(MessageFlag.Ephemeral | MessageFlag.Loading)) | sticky;
    }
    if (markEdited) message.edited_timestamp = new Date().toISOString();
    return message;
  }

  /** The deferred "is thinking…" message becomes a real one on its first edit. */
  finishLoading(id: string): void {
    const message = this.get(id);
    if (message) message.flags &= ~MessageFlag.Loading;
  }

  delete(id: string): boolean {
    if (!this.get(id)) return false;
    this.deleted.add(id);
    return true;
  }

  /** Non-deleted messages in a channel, oldest first; ephemeral ones only if asked for. */
  inChannel(channelId: string, { includeEphemeral = false } = {}): ApiMessage[] {
    return [...this.messages.values()].filter(
      (m) =>
        m.channel_id === channelId &&
        !this.deleted.has(m.id) &&
        (includeEphemeral || (m.flags & MessageFlag.Ephemeral) === 0),
    );
  }

  /** The newest live message carrying a component with this custom_id: what a user's click lands on. */
  findByCustomId(customId: string): ApiMessage | undefined {
    const all = [...this.messages.values()].reverse();
    return all.find((m) => !this.deleted.has(m.id) && findComponent(m.components, customId) !== undefined);
  }
}

/** Depth-first search through rows, containers, sections and their accessories. */
export function findComponent(components: readonly Json[], customId: string): JsonObject | undefined {
  for (const component of components) {
    if (!isObject(component)) continue;
    if (component['custom_id'] === customId) return component;
    const children = [
      ...(Array.isArray(component['components']) ? component['components'] : []),
      ...(isObject(component['accessory']) ? [component['accessory']] : []),
      ...(isObject(component['component']) ? [component['component']] : []),
    ];
    const found = findComponent(children, customId);
    if (found) return found;
  }
  return undefined;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Discord echoes embeds with type "rich" and drops nothing else we care about. */
function normalizeEmbed(embed: Json): Json {
  return isObject(embed) ? { type: 'rich', ...embed } : embed;
}
