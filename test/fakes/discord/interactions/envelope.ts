/** Builds the part of every INTERACTION_CREATE that is about who and where: user or member, channel, guild, permissions. */
import type { FakeContext } from '../context.js';
import { interactionToken, snowflake } from '../snowflake.js';
import type { ApiChannel, ApiMessage, ApiUser, JsonObject } from '../world/api-types.js';
import type { InteractionRecord } from './interaction-store.js';

/** A user id already known to the fake, or a user to create on the fly. */
export type UserRef = string | { id: string; username?: string; globalName?: string };

export interface InteractionOrigin {
  user: UserRef;
  /** Where the user acts. Default: the guild's first text channel, or the bot DM when `guild` is false. */
  channelId?: string;
  /** false = in the user's DM with the bot. Default true. Ignored for components (their message decides). */
  guild?: boolean;
  /** The user's client locale. Default 'en-US'. */
  locale?: string;
}

/** Discord's interaction context types. */
const GUILD_CONTEXT = 0;
const BOT_DM_CONTEXT = 1;
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export function resolveUser(ctx: FakeContext, ref: UserRef): ApiUser {
  if (typeof ref === 'string') {
    const user = ctx.world.users.get(ref);
    if (!user) throw new Error(`Unknown user ${ref}: add them with fake.addGuildMember() or fake.addUser() first`);
    return user;
  }
  return ctx.world.addUser({ userId: ref.id, username: ref.username ?? `user-${ref.id.slice(-4)}`, globalName: ref.globalName });
}

export function buildInteraction(
  ctx: FakeContext,
  type: number,
  origin: InteractionOrigin,
  data: JsonObject,
  message?: ApiMessage,
): InteractionRecord {
  const { world } = ctx;
  const user = resolveUser(ctx, origin.user);
  const channel = resolveChannel(ctx, origin, user, message);
  const inGuild = channel.guild_id !== undefined;
  // Only members can act in a guild; an unknown user joins with @everyone's permissions.
  if (inGuild && !world.isMember(user.id)) world.addMember({ userId: user.id, username: user.username });
  const id = snowflake();
  const token = interactionToken(id);
  const userPermissions = String(world.permissionsIn(user.id, channel.id));
  const payload: JsonObject = {
    id,
    application_id: ctx.applicationId,
    type,
    data,
    token,
    version: 1,
    locale: origin.locale ?? 'en-US',
    app_permissions: String(world.permissionsIn(world.botUser.id, channel.id)),
    entitlements: [],
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
    channel_id: channel.id,
    channel: channelForInteraction(channel, userPermissions),
    ...(message ? { message: structuredClone(message) as unknown as JsonObject } : {}),
    ...(inGuild
      ? {
          guild_id: world.guildId,
          guild: { id: world.guildId, locale: world.guildLocale, features: [] },
          guild_locale: world.guildLocale,
          member: { ...world.member(user.id)!, permissions: userPermissions } as unknown as JsonObject,
          authorizing_integration_owners: { '0': world.guildId },
          context: GUILD_CONTEXT,
        }
      : {
          user: user as unknown as JsonObject,
          // A guild install answering in its own DM reports guild id "0".
          authorizing_integration_owners: { '0': '0' },
          context: BOT_DM_CONTEXT,
        }),
  };
  return {
    id,
    token,
    type,
    payload,
    createdAt: Date.now(),
    channelId: channel.id,
    guildId: inGuild ? world.guildId : null,
    userId: user.id,
    sourceMessageId: message?.id ?? null,
    responseType: null,
    originalId: null,
    originalEdits: 0,
    followUpIds: [],
    modal: null,
    choices: null,
    calls: [],
  };
}

function resolveChannel(ctx: FakeContext, origin: InteractionOrigin, user: ApiUser, message?: ApiMessage): ApiChannel {
  const { world } = ctx;
  const channelId = message?.channel_id ?? origin.channelId;
  if (channelId) {
    const channel = world.channels.get(channelId);
    if (!channel) throw new Error(`Unknown channel ${channelId}`);
    if (!channel.guild_id && world.dmRecipient(channel.id)?.id !== user.id) {
      throw new Error(`Channel ${channelId} is another user's DM with the bot`);
    }
    return channel;
  }
  if (origin.guild === false) return world.openDm(user.id);
  const first = world.guildTextChannels()[0];
  if (!first) throw new Error('The fake guild has no text channel');
  return first;
}

/** The partial channel interactions carry, with the invoking user's permissions in it. */
function channelForInteraction(channel: ApiChannel, permissions: string): JsonObject {
  if (!channel.guild_id) {
    return { id: channel.id, type: channel.type, flags: 0, last_message_id: channel.last_message_id, recipients: channel.recipients as unknown as JsonObject[] };
  }
  const { permission_overwrites: _overwrites, ...rest } = channel;
  return { ...(rest as unknown as JsonObject), permissions };
}
