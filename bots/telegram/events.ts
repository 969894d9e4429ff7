/** Turns a Telegram update into an engine event, or null for updates the engine has no business seeing; and notices chats the bot lost. */
import type { Chat, Message, Update } from 'grammy/types';
import { START_PAYLOAD, type ChatKind, type EventInput, type InboundEvent } from '../../src';

/** Commands that act on the chat itself: the adapter asks Telegram who may manage it and what the bot may do there. */
export const CHAT_COMMANDS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe']);

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
  const post = update.channel_post;
  if (post) {
    // Every post in a channel where the bot is an admin reaches us; only its own chat commands count.
    // A channel post has no author: whoever can post in a channel is one of its admins.
    const input = messageInput(post, botUsername);
    if (input?.kind !== 'command' || !CHAT_COMMANDS.has(input.name)) return null;
    const chatId = String(post.chat.id);
    return {
      id,
      actor: { platform: 'telegram', userId: chatId, chatId, chatKind: 'channel', isChatAdmin: true },
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

/** A chat the bot can no longer post in, or a group that became a supergroup with a new id. */
export type ChatChange = { kind: 'gone'; chatId: string; reason: string } | { kind: 'moved'; chatId: string; newChatId: string };

/**
 * my_chat_member "left"/"kicked" in a group or channel: the bot was removed. (In a private chat that
 * is a member blocking the bot; the next send's 403 drops their address.) A service message with
 * migrate_to_chat_id: the group moved.
 */
export function chatChange(update: Update): ChatChange | null {
  const member = update.my_chat_member;
  if (member && member.chat.type !== 'private') {
    const status = member.new_chat_member.status;
    if (status === 'left' || status === 'kicked') {
      return { kind: 'gone', chatId: String(member.chat.id), reason: `my_chat_member: the bot was ${status === 'kicked' ? 'removed (kicked)' : 'removed'} from the ${member.chat.type}` };
    }
    return null;
  }
  const moved = update.message?.migrate_to_chat_id;
  if (update.message && moved !== undefined) return { kind: 'moved', chatId: String(update.message.chat.id), newChatId: String(moved) };
  return null;
}
