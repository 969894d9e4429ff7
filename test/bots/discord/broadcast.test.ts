/** The Discord side of campaign updates without a client: rights read from interactions, and what a failed send means. */
import { describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { toInbound, type InteractionFacts } from '../../../bots/discord/events';
import { discordOutcome } from '../../../bots/discord/transport';

const base: InteractionFacts = { id: '111', type: 'command', commandName: 'subscribe', options: [], userId: '42', channelId: '7', locale: 'en-GB' };

function apiError(status: number, code: number, message: string): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'POST', '/channels/7/messages', { body: undefined, files: undefined });
}

function rateLimit(route: string, global: boolean): RateLimitError {
  return new RateLimitError({ timeToReset: 800, limit: 5, method: 'POST', hash: 'h', url: 'u', route, majorParameter: '7', global, retryAfter: 800, sublimitTimeout: 0, scope: 'user' });
}

describe('toInbound in a server', () => {
  it('GIVEN a manager in a channel the bot can post in THEN the actor carries the server, the channel name, the admin right and no missing rights', () => {
    const inbound = toInbound({ ...base, guildId: '900', channelName: 'hk-news', managesChannel: true, botMissing: [], roleIds: ['5', '6'] });
    expect(inbound.kind === 'engine' && inbound.event.actor).toEqual({
      platform: 'discord', userId: '42', chatId: '7', chatKind: 'private', clientLanguage: 'en-GB',
      guildId: '900', isChatAdmin: true, botMissing: [], chatTitle: '#hk-news', roleIds: ['5', '6'],
    });
  });

  it('GIVEN a DM THEN none of those', () => {
    const inbound = toInbound(base);
    expect(inbound.kind === 'engine' && inbound.event.actor).toEqual({ platform: 'discord', userId: '42', chatId: '7', chatKind: 'private', clientLanguage: 'en-GB' });
  });
});

describe('discordOutcome', () => {
  it('GIVEN Missing Access, Unknown Channel, a member refusing DMs, Unknown User or Missing Permissions THEN permanent and the target gone', () => {
    for (const [status, code, message] of [[403, 50001, 'Missing Access'], [404, 10003, 'Unknown Channel'], [403, 50007, 'Cannot send messages to this user'], [404, 10013, 'Unknown User'], [403, 50013, 'Missing Permissions']] as const) {
      expect(discordOutcome(apiError(status, code, message), true)).toEqual({ kind: 'permanent', reason: `${status}: ${message}`, targetGone: true });
    }
  });

  it('GIVEN another refusal THEN permanent, the subscription kept', () => {
    expect(discordOutcome(apiError(400, 50035, 'Invalid Form Body'), true)).toEqual({ kind: 'permanent', reason: '400: Invalid Form Body' });
  });

  it('GIVEN a rate limit THEN rate limited: for the chat on its message bucket, for the bot otherwise', () => {
    expect(discordOutcome(rateLimit('/channels/:id/messages', false), true)).toEqual({ kind: 'rateLimited', retryAfterMs: 800, scope: 'chat' });
    expect(discordOutcome(rateLimit('/channels/:id/messages', true), true)).toEqual({ kind: 'rateLimited', retryAfterMs: 800, scope: 'global' });
    expect(discordOutcome(rateLimit('/users/@me/channels', false), false)).toEqual({ kind: 'rateLimited', retryAfterMs: 800, scope: 'global' });
  });

  it('GIVEN 5xx THEN transient', () => {
    expect(discordOutcome(new HTTPError(502, 'Bad Gateway', 'POST', 'u', { body: undefined, files: undefined }), true).kind).toBe('transient');
  });

  it('GIVEN a timeout THEN unknown while posting, transient while only opening the DM', () => {
    const timeout = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(discordOutcome(timeout, true)).toEqual({ kind: 'unknown', reason: 'network: AbortError' });
    expect(discordOutcome(timeout, false)).toEqual({ kind: 'transient', reason: 'network: AbortError' });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(discordOutcome(refused, true)).toEqual({ kind: 'transient', reason: 'network: ECONNREFUSED' });
  });
});
