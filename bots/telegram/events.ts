/** Turns a Telegram update into an engine event, or null for updates the engine has no business seeing. */
import type { Chat, Message, Update } from 'grammy/types';
import { START_PAYLOAD, type ChatKind, type EventInput, type InboundEvent } from '../../src';

/** `/name`, `/name@bot`, then arguments. Telegram command names are at most 32 of [A-Za-z0-9_]. */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

export function chatKind(chat: Pick<Chat, 'type'>): ChatKind {
  if (chat.type === 'private') return 'private';
  if (chat.type === 'channel') return 'channel';
  return 'group';
}

/**
 * The input a message carries. A command addressed to another bot is not ours (null); outside
 * private chats only commands count, so group chatter never reaches the engine or the database.
 */
export function messageInput(message: Pick<Message, 'text' | 'chat'>, botUsername: string): EventInput | null {
  const text = message.text;
  if (text === undefined) return null;
  const command = COMMAND.exec(text);
  if (command) {
    const [, rawName = '', addressee, args = ''] = command;
    if (addressee !== undefined && addressee.toLowerCase() !== botUsername.toLowerCase()) return null;
    const name = rawName.toLowerCase();
    if (name === 'start') {
      const payload = args.trim();
      // Anything but a well-formed deep-link payload is a plain /start.
      return { kind: 'start', payload: START_PAYLOAD.test(payload) ? payload : '' };
    }
    return { kind: 'command', name, args };
  }
  if (message.chat.type !== 'private') return null;
  return { kind: 'text', text };
}

/** The engine event for an update; the update_id is its id, so a replayed update is recognised. */
export function toEvent(update: Update, botUsername: string): InboundEvent | null {
  const id = String(update.update_id);
  const message = update.message;
  if (message) {
    // Channel posts copied into a discussion group are not someone talking to the bot. (Anonymous
    // admins do reach us, as one shared user; in groups that only ever gets them public answers.)
    if (!message.from || message.is_automatic_forward) return null;
    const input = messageInput(message, botUsername);
    if (!input) return null;
    return {
      id,
      actor: actor(message.from.id, message.chat, message.from.language_code),
      input,
      capabilities: { forms: false },
    };
  }
  const query = update.callback_query;
  if (query) {
    // Buttons on inline-mode messages (no chat) are not ours; the caller still answers the query.
    if (!query.message || query.data === undefined) return null;
    return {
      id,
      actor: actor(query.from.id, query.message.chat, query.from.language_code),
      input: { kind: 'button', data: query.data },
      capabilities: { forms: false },
    };
  }
  return null;
}

function actor(userId: number, chat: Pick<Chat, 'id' | 'type'>, language: string | undefined): InboundEvent['actor'] {
  const base = { platform: 'telegram' as const, userId: String(userId), chatId: String(chat.id), chatKind: chatKind(chat) };
  return language ? { ...base, clientLanguage: language } : base;
}
