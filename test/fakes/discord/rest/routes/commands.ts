/** Application command routes, global and guild, with Discord's validation before anything is stored. */
import type { FakeContext } from '../../context.js';
import { validateCommand, validateCommandList, validateCommandPatch } from '../../validate/commands.js';
import { isObject } from '../../validate/json.js';
import type { CommandScope } from '../../world/commands.js';
import type { JsonObject } from '../../world/api-types.js';
import { Errors, formError, noContent, ok, type RestRequest, type RestResponse } from '../responses.js';
import type { Route } from '../router.js';

export function commandRoutes(ctx: FakeContext): Route[] {
  const { commands } = ctx;

  /** Resolves the scope from the path, or the error Discord gives for a foreign app or guild. */
  const withScope =
    (run: (scope: CommandScope, request: RestRequest) => RestResponse) =>
    (request: RestRequest): RestResponse => {
      if (request.params['appId'] !== ctx.applicationId) return Errors.unknownApplication();
      const guildId = request.params['guildId'];
      if (guildId !== undefined && guildId !== ctx.world.guildId) return Errors.missingAccess();
      return run(guildId ?? null, request);
    };

  const routesFor = (base: string): Route[] => [
    { method: 'GET', pattern: base, handle: withScope((scope) => ok(commands.list(scope))) },
    {
      method: 'PUT',
      pattern: base,
      handle: withScope((scope, { body }) => {
        const errors = validateCommandList(body);
        if (!errors.empty) return formError(errors);
        return ok(commands.overwrite(scope, body as JsonObject[]));
      }),
    },
    {
      method: 'POST',
      pattern: base,
      handle: withScope((scope, { body }) => {
        const errors = validateCommand(body);
        if (!errors.empty) return formError(errors);
        const { command, created } = commands.upsert(scope, body as JsonObject);
        return ok(command, created ? 201 : 200);
      }),
    },
    {
      method: 'GET',
      pattern: `${base}/:commandId`,
      handle: withScope((scope, { params }) => {
        const command = commands.get(scope, params['commandId']!);
        return command ? ok(command) : Errors.unknownCommand();
      }),
    },
    {
      method: 'PATCH',
      pattern: `${base}/:commandId`,
      handle: withScope((scope, { params, body }) => {
        const existing = commands.get(scope, params['commandId']!);
        if (!existing) return Errors.unknownCommand();
        const errors = validateCommandPatch(body, existing.type);
        if (!errors.empty) return formError(errors);
        return ok(commands.patch(scope, existing.id, isObject(body) ? body : {}));
      }),
    },
    {
      method: 'DELETE',
      pattern: `${base}/:commandId`,
      handle: withScope((scope, { params }) =>
        commands.delete(scope, params['commandId']!) ? noContent() : Errors.unknownCommand(),
      ),
    },
  ];

  return [...routesFor('/applications/:appId/commands'), ...routesFor('/applications/:appId/guilds/:guildId/commands')];
}
