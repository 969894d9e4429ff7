/** The fake's whole REST route table, in match order (literal segments such as @me before parameters). */
import type { FakeContext } from '../../context.js';
import type { Route } from '../router.js';
import { channelRoutes } from './channels.js';
import { commandRoutes } from './commands.js';
import { guildRoutes } from './guilds.js';
import { interactionCallbackRoute } from './interaction-callback.js';
import { userRoutes } from './users.js';
import { webhookRoutes } from './webhooks.js';

export function allRoutes(ctx: FakeContext): Route[] {
  return [
    ...userRoutes(ctx),
    ...commandRoutes(ctx),
    interactionCallbackRoute(ctx),
    ...webhookRoutes(ctx),
    ...channelRoutes(ctx),
    ...guildRoutes(ctx),
  ];
}
