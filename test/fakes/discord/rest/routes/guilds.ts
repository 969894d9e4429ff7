/** Guild routes: the guild, its members, roles and channels. */
import type { FakeContext } from '../../context.js';
import { restGuild } from '../../world/guild-payloads.js';
import { Errors, ok, type RestRequest, type RestResponse } from '../responses.js';
import type { Route } from '../router.js';

export function guildRoutes(ctx: FakeContext): Route[] {
  const { world } = ctx;
  const inGuild =
    (run: (request: RestRequest) => RestResponse) =>
    (request: RestRequest): RestResponse =>
      request.params['guildId'] === world.guildId ? run(request) : Errors.unknownGuild();

  return [
    {
      method: 'GET',
      pattern: '/guilds/:guildId',
      handle: inGuild(({ query }) => ok(restGuild(world, query.get('with_counts') === 'true'))),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/members/:userId',
      handle: inGuild(({ params }) => {
        const member = world.member(params['userId']!);
        return member ? ok(member) : Errors.unknownMember();
      }),
    },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/members',
      handle: inGuild(({ query }) => {
        const limit = Math.min(1000, Number(query.get('limit') ?? 1));
        const after = BigInt(query.get('after') ?? '0');
        const ids = world.memberIds().filter((id) => BigInt(id) > after).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
        return ok(ids.slice(0, limit).map((id) => world.member(id)));
      }),
    },
    { method: 'GET', pattern: '/guilds/:guildId/roles', handle: inGuild(() => ok([...world.roles.values()])) },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/channels',
      handle: inGuild(() => ok([...world.channels.values()].filter((c) => c.guild_id === world.guildId))),
    },
  ];
}
