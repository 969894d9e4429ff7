/** Renders the guild as Discord sends it: the REST guild object and the gateway's GUILD_CREATE. */
import type { ApiMember, JsonObject } from './api-types.js';
import type { World } from './world.js';

/** GET /guilds/:id. */
export function restGuild(world: World, withCounts: boolean): JsonObject {
  const guild: Record<string, unknown> = {
    id: world.guildId,
    name: world.guildName,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: world.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [...world.roles.values()],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: world.guildTextChannels()[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: world.guildLocale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
  if (withCounts) {
    guild['approximate_member_count'] = world.memberIds().length;
    guild['approximate_presence_count'] = 0;
  }
  return guild as JsonObject;
}

/**
 * GUILD_CREATE: without the privileged GuildMembers intent Discord sends only the bot's own member,
 * so a bot that needs everyone must fetch them.
 */
export function gatewayGuildCreate(world: World, withAllMembers: boolean): JsonObject {
  const memberIds = withAllMembers ? world.memberIds() : [world.botUser.id];
  const members = memberIds.map((id) => world.member(id)).filter((m): m is ApiMember => m !== undefined);
  const channels = [...world.channels.values()]
    .filter((c) => c.guild_id === world.guildId)
    // GUILD_CREATE channels omit guild_id; discord.js fills it in.
    .map(({ guild_id: _guildId, ...rest }) => rest);
  return {
    ...restGuild(world, false),
    joined_at: world.member(world.botUser.id)?.joined_at ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: world.memberIds().length,
    voice_states: [],
    members,
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as JsonObject;
}
