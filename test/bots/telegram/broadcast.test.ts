/** The Telegram side of campaign updates without a bot: channel posts and lost chats, chat rights, and what a failed send means. */
import { describe, expect, it } from 'vitest';
import { GrammyError, HttpError } from 'grammy';
import type { ChatMember, Update } from 'grammy/types';
import { chatChange, toEvent } from '../../../bots/telegram/events';
import { botMissingRights, managesChat } from '../../../bots/telegram/chat-rights';
import { telegramOutcome } from '../../../bots/telegram/transport';

const BOT = 'petition_test_bot';
const channel = { id: -1001500, type: 'channel' as const, title: 'HK News' };
const group = { id: -1001234, type: 'supergroup' as const, title: 'HK Leeds' };
const user = { id: 1001, is_bot: false, first_name: 'Alice' };
const bot = { id: 42, is_bot: true, first_name: 'Bot' };

function post(text: string): Update {
  return { update_id: 3, channel_post: { message_id: 9, date: 1, chat: channel, sender_chat: channel, text } } as Update;
}

function grammyError(error_code: number, description: string, parameters: object = {}): GrammyError {
  return new GrammyError('Call to sendMessage failed!', { ok: false, error_code, description, parameters }, 'sendMessage', {});
}

describe('channel posts', () => {
  it('GIVEN /subscribe in a channel THEN an event from the channel itself, as its admin', () => {
    expect(toEvent(post(`/subscribe@${BOT} en`), BOT)).toEqual({
      id: '3',
      actor: { platform: 'telegram', userId: String(channel.id), chatId: String(channel.id), chatKind: 'channel', isChatAdmin: true },
      input: { kind: 'command', name: 'subscribe', args: 'en' },
      capabilities: { forms: false },
    });
    expect(toEvent(post('/unsubscribe'), BOT)?.input).toEqual({ kind: 'command', name: 'unsubscribe', args: '' });
  });

  it('GIVEN any other post THEN nothing reaches the engine', () => {
    expect(toEvent(post('Rally on Saturday'), BOT)).toBeNull();
    expect(toEvent(post('/sign bristol'), BOT)).toBeNull();
    expect(toEvent(post('/subscribe@other_bot'), BOT)).toBeNull();
  });
});

describe('chatChange', () => {
  const membership = (chat: object, status: string): Update =>
    ({ update_id: 4, my_chat_member: { chat, from: user, date: 1, old_chat_member: { status: 'member', user: bot }, new_chat_member: { status, user: bot } } }) as Update;

  it('GIVEN the bot removed from a group or channel THEN the chat is gone, with the reason', () => {
    expect(chatChange(membership(group, 'kicked'))).toEqual({ kind: 'gone', chatId: String(group.id), reason: 'my_chat_member: the bot was removed (kicked) from the supergroup' });
    expect(chatChange(membership(channel, 'left'))).toEqual({ kind: 'gone', chatId: String(channel.id), reason: 'my_chat_member: the bot was removed from the channel' });
  });

  it('GIVEN the bot added or promoted, or a member blocking it in private THEN no change', () => {
    expect(chatChange(membership(group, 'administrator'))).toBeNull();
    expect(chatChange(membership({ id: 1001, type: 'private', first_name: 'Alice' }, 'kicked'))).toBeNull();
  });

  it('GIVEN migrate_to_chat_id THEN the group moved', () => {
    const update = { update_id: 5, message: { message_id: 1, date: 1, chat: { id: -55, type: 'group', title: 'Old' }, from: user, migrate_to_chat_id: -1009999 } } as Update;
    expect(chatChange(update)).toEqual({ kind: 'moved', chatId: '-55', newChatId: '-1009999' });
    expect(toEvent(update, BOT)).toBeNull();
  });
});

describe('chat rights', () => {
  const member = (status: string, rights: object = {}): ChatMember => ({ status, user: bot, ...rights }) as ChatMember;

  it('GIVEN memberships THEN creators and administrators manage a group', () => {
    expect(['creator', 'administrator', 'member', 'restricted', 'left', 'kicked'].map((s) => managesChat(member(s)))).toEqual([true, true, false, false, false, false]);
  });

  it('GIVEN a channel THEN the bot needs to be an administrator who can post', () => {
    expect(botMissingRights('channel', member('administrator', { can_post_messages: true }))).toEqual([]);
    expect(botMissingRights('channel', member('administrator', { can_post_messages: false }))).toEqual(['post']);
    expect(botMissingRights('channel', member('member'))).toEqual(['admin']);
  });

  it('GIVEN a group THEN any member may post unless muted', () => {
    expect(botMissingRights('supergroup', member('member'))).toEqual([]);
    expect(botMissingRights('group', member('administrator'))).toEqual([]);
    expect(botMissingRights('supergroup', member('restricted', { can_send_messages: false }))).toEqual(['post']);
    expect(botMissingRights('supergroup', member('left'))).toEqual(['post']);
  });
});

describe('telegramOutcome', () => {
  it('GIVEN a 429 THEN rate limited for retry_after, for the worker to pace by', () => {
    expect(telegramOutcome(grammyError(429, 'Too Many Requests: retry after 3', { retry_after: 3 }))).toEqual({ kind: 'rateLimited', retryAfterMs: 3000 });
  });

  it('GIVEN a removed bot, a blocked bot, a missing chat or lost rights THEN permanent and the target gone', () => {
    for (const [code, description] of [
      [403, 'Forbidden: bot was kicked from the supergroup chat'],
      [403, 'Forbidden: bot was blocked by the user'],
      [403, 'Forbidden: user is deactivated'],
      [400, 'Bad Request: chat not found'],
      [400, 'Bad Request: need administrator rights in the channel chat'],
    ] as const) {
      expect(telegramOutcome(grammyError(code, description))).toEqual({ kind: 'permanent', reason: `${code}: ${description}`, targetGone: true });
    }
  });

  it('GIVEN other refusals THEN permanent, the subscription kept', () => {
    expect(telegramOutcome(grammyError(400, "Bad Request: can't parse entities"))).toEqual({ kind: 'permanent', reason: "400: Bad Request: can't parse entities" });
  });

  it('GIVEN a group that became a supergroup THEN moved to the new id', () => {
    expect(telegramOutcome(grammyError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001777 }))).toEqual({ kind: 'moved', chatId: '-1001777' });
  });

  it('GIVEN 5xx or our own token refused THEN transient', () => {
    expect(telegramOutcome(grammyError(502, 'Bad Gateway')).kind).toBe('transient');
    expect(telegramOutcome(grammyError(401, 'Unauthorized')).kind).toBe('transient');
  });

  it('GIVEN network failures THEN transient before the request left, unknown once it may have arrived', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(telegramOutcome(new HttpError('Network request failed', refused))).toEqual({ kind: 'transient', reason: 'network: ECONNREFUSED' });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(telegramOutcome(new HttpError('Network request failed', reset))).toEqual({ kind: 'unknown', reason: 'network: ECONNRESET' });
    expect(telegramOutcome(new HttpError('Network request failed', new Error("Request to 'sendMessage' timed out after 10 seconds")))).toEqual({ kind: 'unknown', reason: 'network: timed out' });
    // Never the message, which can quote the URL with the bot token.
    const odd = Object.assign(new Error('invalid json response body at http://host/bot123:SECRET/sendMessage'), { type: 'invalid-json' });
    expect(JSON.stringify(telegramOutcome(new HttpError('Network request failed', odd)))).not.toContain('SECRET');
  });
});
