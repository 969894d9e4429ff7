/** The gateway's own payloads built from the world: READY, the GUILD_CREATE that follows, and member chunks. */
import { gatewayGuildCreate } from '../world/guild-payloads.js';
import type { ApiMember } from '../world/api-types.js';
import type { World } from '../world/world.js';
import type { GatewaySession } from './session.js';

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
} as const;

export function readyPayload(world: World, session: GatewaySession, resumeUrl: string, applicationId: string): unknown {
  return {
    v: 10,
    user: { ...world.botUser, verified: true, mfa_enabled: false, email: null },
    guilds: [{ id: world.guildId, unavailable: true }],
    session_id: session.id,
    session_type: 'normal',
    resume_gateway_url: resumeUrl,
    shard: [0, 1],
    application: { id: applicationId, flags: 0 },
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: ['hongkong'],
    user_settings: {},
    _trace: ['["fake-gateway",{}]'],
  };
}

/** Discord sends GUILD_CREATE for each guild only to sessions with the Guilds intent. */
export function afterReady(world: World, session: GatewaySession): Array<{ t: string; d: unknown }> {
  if ((session.intents & Intent.Guilds) === 0) return [];
  return [{ t: 'GUILD_CREATE', d: gatewayGuildCreate(world, (session.intents & Intent.GuildMembers) !== 0) }];
}

/** Answers op 8 in one chunk: by user_ids, or by username prefix (empty query = everyone). */
export function guildMembersChunk(world: World, request: Record<string, unknown>): unknown {
  const requested = request['user_ids'];
  const ids = typeof requested === 'string' ? [requested] : Array.isArray(requested) ? requested.map(String) : undefined;
  let members: ApiMember[];
  let notFound: string[] = [];
  if (ids) {
    members = ids.map((id) => world.member(id)).filter((m): m is ApiMember => m !== undefined);
    notFound = ids.filter((id) => !world.isMember(id));
  } else {
    const query = String(request['query'] ?? '').toLowerCase();
    const limit = Number(request['limit'] ?? 0);
    members = world
      .memberIds()
      .map((id) => world.member(id)!)
      .filter((m) => m.user.username.toLowerCase().startsWith(query));
    if (limit > 0) members = members.slice(0, limit);
  }
  return {
    guild_id: world.guildId,
    members,
    chunk_index: 0,
    chunk_count: 1,
    not_found: notFound,
    ...(request['nonce'] !== undefined ? { nonce: request['nonce'] } : {}),
  };
}
