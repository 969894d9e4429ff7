/** Channel routes: read a channel, and post, read, edit and delete the bot's messages with Discord's access rules. */
import type { FakeContext } from '../../context.js';
import { isObject } from '../../validate/json.js';
import { validateMessageBody } from '../../validate/messages.js';
import type { ApiChannel } from '../../world/api-types.js';
import { MessageFlag } from '../../world/messages.js';
import { Permission } from '../../world/permissions.js';
import { messageContent } from '../message-content.js';
import { apiError, Errors, formError, noContent, ok, type RestRequest, type RestResponse } from '../responses.js';
import type { Route } from '../router.js';

/** Gateway intents that carry MESSAGE_CREATE for guild channels and for DMs. */
const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;

export function channelRoutes(ctx: FakeContext): Route[] {
  const { world, messages } = ctx;
  const bot = world.botUser;

  /** Finds the channel and checks the bot can see it (and, if asked, send in it). */
  const access = (channelId: string, needSend: boolean): ApiChannel | RestResponse => {
    const channel = world.channels.get(channelId);
    if (!channel) return Errors.unknownChannel();
    if (!channel.guild_id) {
      const recipient = world.dmRecipient(channel.id);
      if (needSend && recipient && world.dmBlocked.has(recipient.id)) return Errors.cannotDm();
      return channel;
    }
    const permissions = world.permissionsIn(bot.id, channel.id);
    if ((permissions & Permission.ViewChannel) === 0n) return Errors.missingAccess();
    if (needSend && (permissions & Permission.SendMessages) === 0n) return Errors.missingPermissions();
    return channel;
  };

  const withChannel =
    (needSend: boolean, run: (channel: ApiChannel, request: RestRequest) => RestResponse) =>
    (request: RestRequest): RestResponse => {
      const found = access(request.params['channelId']!, needSend);
      return 'status' in found ? found : run(found, request);
    };

  return [
    { method: 'GET', pattern: '/channels/:channelId', handle: withChannel(false, (channel) => ok(channel)) },
    {
      method: 'POST',
      pattern: '/channels/:channelId/messages',
      bucket: {
        name: 'POST /channels/:id/messages',
        limit: ctx.options.messageRateLimit.limit,
        windowMs: ctx.options.messageRateLimit.windowMs,
        major: 'channelId',
      },
      handle: withChannel(true, (channel, { body, files }) => {
        const verdict = validateMessageBody(body, 'create', files.length > 0);
        if (!verdict.errors.empty) return formError(verdict.errors);
        if (verdict.empty) return Errors.emptyMessage();
        const content = messageContent(body, files, channel.id);
        // Ephemeral only exists for interaction responses; a channel post drops it.
        content.flags = (content.flags ?? 0) & ~MessageFlag.Ephemeral;
        const nonce = isObject(body) ? body['nonce'] : undefined;
        const extras = typeof nonce === 'string' || typeof nonce === 'number' ? { nonce } : {};
        const message = messages.create(channel.id, bot, content, extras);
        channel.last_message_id = message.id;
        const guildId = channel.guild_id;
        ctx.dispatch('MESSAGE_CREATE', { ...message, ...(guildId ? { guild_id: guildId } : {}) }, guildId ? GUILD_MESSAGES : DIRECT_MESSAGES);
        return ok(message);
      }),
    },
    {
      method: 'GET',
      pattern: '/channels/:channelId/messages',
      handle: withChannel(false, (channel, { query }) => {
        const limit = Math.min(100, Number(query.get('limit') ?? 50));
        return ok(messages.inChannel(channel.id).reverse().slice(0, limit));
      }),
    },
    {
      method: 'GET',
      pattern: '/channels/:channelId/messages/:messageId',
      handle: withChannel(false, (channel, { params }) => {
        const message = messages.get(params['messageId']!);
        const visible = message && message.channel_id === channel.id && (message.flags & MessageFlag.Ephemeral) === 0;
        return visible ? ok(message) : Errors.unknownMessage();
      }),
    },
    {
      method: 'PATCH',
      pattern: '/channels/:channelId/messages/:messageId',
      handle: withChannel(false, (channel, { params, body, files }) => {
        const message = messages.get(params['messageId']!);
        if (!message || message.channel_id !== channel.id) return Errors.unknownMessage();
        if (message.author.id !== bot.id) return apiError(403, 50005, 'Cannot edit a message authored by another user');
        const verdict = validateMessageBody(body, 'edit');
        if (!verdict.errors.empty) return formError(verdict.errors);
        return ok(messages.edit(message.id, messageContent(body, files, channel.id)));
      }),
    },
    {
      method: 'DELETE',
      pattern: '/channels/:channelId/messages/:messageId',
      handle: withChannel(false, (channel, { params }) => {
        const message = messages.get(params['messageId']!);
        if (!message || message.channel_id !== channel.id) return Errors.unknownMessage();
        const own = message.author.id === bot.id;
        if (!own && (world.permissionsIn(bot.id, channel.id) & Permission.ManageMessages) === 0n) {
          return Errors.missingPermissions();
        }
        messages.delete(message.id);
        return noContent();
      }),
    },
  ];
}
