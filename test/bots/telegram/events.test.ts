/** Telegram updates → engine events, without a bot. */
import { describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { toEvent } from '../../../bots/telegram/events';

const BOT = 'petition_test_bot';
const alice = { id: 1001, is_bot: false, first_name: 'Alice', language_code: 'zh-hant' };
const privateChat = { id: 1001, type: 'private' as const, first_name: 'Alice' };
const group = { id: -1001234, type: 'supergroup' as const, title: 'HK Leeds' };

function message(text: string, chat: { id: number; type: 'private' | 'group' | 'supergroup' } = privateChat, extra: object = {}): Update {
  return { update_id: 7, message: { message_id: 1, date: 1, chat, from: alice, text, ...extra } } as Update;
}

describe('toEvent', () => {
  it('GIVEN a private text THEN a text event with actor, language and the update id', () => {
    expect(toEvent(message('Alice Chan'), BOT)).toEqual({
      id: '7',
      actor: { platform: 'telegram', userId: '1001', chatId: '1001', chatKind: 'private', clientLanguage: 'zh-hant' },
      input: { kind: 'text', text: 'Alice Chan' },
      capabilities: { forms: false },
    });
  });

  it('GIVEN commands THEN name in lower case, @this_bot stripped, arguments kept; another bot\'s command is ignored', () => {
    expect(toEvent(message('/Sign bristol-guangzhou'), BOT)?.input).toEqual({ kind: 'command', name: 'sign', args: 'bristol-guangzhou' });
    expect(toEvent(message(`/petitions@${BOT.toUpperCase()}`, group), BOT)?.input).toEqual({ kind: 'command', name: 'petitions', args: '' });
    expect(toEvent(message('/petitions@other_bot', group), BOT)).toBeNull();
  });

  it('GIVEN /start payloads THEN well-formed ones become start events and anything else a plain /start', () => {
    expect(toEvent(message('/start sign-bristol-guangzhou'), BOT)?.input).toEqual({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    expect(toEvent(message('/start twin-Bristol'), BOT)?.input).toEqual({ kind: 'start', payload: 'twin-Bristol' });
    expect(toEvent(message(`/start ${'a'.repeat(65)}`), BOT)?.input).toEqual({ kind: 'start', payload: '' });
    expect(toEvent(message('/start sign-<b>'), BOT)?.input).toEqual({ kind: 'start', payload: '' });
    expect(toEvent(message('/start'), BOT)?.input).toEqual({ kind: 'start', payload: '' });
  });

  it('GIVEN group chatter or an automatic channel forward THEN nothing reaches the engine', () => {
    expect(toEvent(message('hello all', group), BOT)).toBeNull();
    expect(toEvent(message('/petitions', group, { is_automatic_forward: true }), BOT)).toBeNull();
  });

  it('GIVEN chat types THEN supergroup and group are groups', () => {
    expect(toEvent(message('/help', group), BOT)?.actor.chatKind).toBe('group');
    expect(toEvent(message('/help', { id: -5, type: 'group' }), BOT)?.actor.chatKind).toBe('group');
  });

  it('GIVEN a button press THEN a button event in the chat of the button\'s message', () => {
    const update = {
      update_id: 9,
      callback_query: { id: 'q1', from: alice, chat_instance: 'c', data: 'sg:ok:n1', message: { message_id: 5, date: 1, chat: group } },
    } as Update;
    expect(toEvent(update, BOT)).toMatchObject({ id: '9', actor: { chatId: String(group.id), chatKind: 'group' }, input: { kind: 'button', data: 'sg:ok:n1' } });
  });

  it('GIVEN a press on an inline-mode message (no chat) THEN no event', () => {
    const update = { update_id: 10, callback_query: { id: 'q2', from: alice, chat_instance: 'c', data: 'x', inline_message_id: 'i' } } as Update;
    expect(toEvent(update, BOT)).toBeNull();
  });
});
