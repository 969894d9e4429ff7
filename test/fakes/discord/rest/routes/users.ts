/** Routes about the bot itself and users: gateway discovery, @me, the application, opening DMs. */
import type { FakeContext } from '../../context.js';
import { Errors, formError, ok } from '../responses.js';
import type { Route } from '../router.js';
import { FormErrors } from '../../validate/form-errors.js';
import { isObject } from '../../validate/json.js';

export function userRoutes(ctx: FakeContext): Route[] {
  const { world } = ctx;
  return [
    { method: 'GET', pattern: '/gateway', auth: false, handle: () => ok({ url: ctx.gatewayUrl() }) },
    {
      method: 'GET',
      pattern: '/gateway/bot',
      handle: () =>
        ok({
          url: ctx.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        }),
    },
    { method: 'GET', pattern: '/users/@me', handle: () => ok(world.botUser) },
    {
      method: 'GET',
      pattern: '/users/:userId',
      handle: ({ params }) => {
        const user = world.users.get(params['userId']!);
        return user ? ok(user) : Errors.unknownUser();
      },
    },
    {
      method: 'GET',
      pattern: '/applications/@me',
      handle: () =>
        ok({
          id: ctx.applicationId,
          name: world.botUser.username,
          icon: null,
          description: '',
          bot_public: true,
          bot_require_code_grant: false,
          bot: world.botUser,
          verify_key: '0'.repeat(64),
          flags: 0,
          team: null,
          owner: world.users.get(world.ownerId),
          approximate_guild_count: 1,
          integration_types_config: { '0': {} },
        }),
    },
    {
      method: 'POST',
      pattern: '/users/@me/channels',
      handle: ({ body }) => {
        const recipient = isObject(body) ? body['recipient_id'] : undefined;
        if (typeof recipient !== 'string' || !/^\d{17,20}$/.test(recipient)) {
          const errors = new FormErrors();
          errors.add(['recipient_id'], 'NUMBER_TYPE_COERCE', `Value "${String(recipient)}" is not snowflake.`);
          return formError(errors);
        }
        if (!world.users.has(recipient)) return Errors.unknownUser();
        return ok(world.openDm(recipient));
      },
    },
  ];
}
