/** What one bot can see of Telegram: chats, the users in them, its own membership, and every message by id. */
import type { Chat, ChatMember, ChatMemberAdministrator, Message, User } from 'grammy/types';
import { badRequest, forbidden } from './api-error';

export interface StoredChat {
  chat: Chat;
  /** The bot's own membership; in private chats "kicked" means the user blocked the bot. */
  bot: ChatMember;
  members: Map<number, ChatMember>;
  messages: Map<number, Message>;
  /** Ids of the messages the bot itself sent (channel posts carry no `from` to tell). */
  sentByBot: Set<number>;
  nextMessageId: number;
}

/** A chat as tests describe it: a bare id, or the fields they care about. */
export type ChatInput =
  | number
  | { id: number; type?: Chat['type']; title?: string; username?: string; first_name?: string; last_name?: string };

export class ChatStore {
  private readonly chats = new Map<number, StoredChat>();
  readonly users = new Map<number, User>();

  constructor(private readonly botUser: User) {}

  get(chatId: number): StoredChat | undefined {
    return this.chats.get(chatId);
  }

  /** Adds (or refreshes) a chat; a bare id becomes a private chat (> 0), a supergroup (-100…) or a group. */
  ensure(input: ChatInput): StoredChat {
    const chat = completeChat(typeof input === 'number' ? { id: input } : input);
    const known = this.chats.get(chat.id);
    if (known) {
      if (typeof input !== 'number') known.chat = { ...known.chat, ...chat } as Chat;
      return known;
    }
    const stored: StoredChat = {
      chat,
      bot: chat.type === 'private' ? { status: 'member', user: this.botUser } : administrator(this.botUser, chat.type),
      members: new Map(),
      messages: new Map(),
      sentByBot: new Set(),
      nextMessageId: 1,
    };
    this.chats.set(chat.id, stored);
    return stored;
  }

  /**
   * Finds the chat a `chat_id` parameter names. Like the Bot API, a positive id of a user the bot has not
   * seen is still accepted for sending (the user may have started the bot before the test began).
   */
  resolve(chatId: string, options: { allowUnknownUser: boolean }): StoredChat {
    if (chatId === '') throw badRequest('chat_id is empty');
    if (chatId.startsWith('@')) {
      const wanted = chatId.slice(1).toLowerCase();
      for (const stored of this.chats.values()) {
        if ('username' in stored.chat && stored.chat.username?.toLowerCase() === wanted) return stored;
      }
      throw badRequest('chat not found');
    }
    const id = /^-?\d+$/.test(chatId.trim()) ? Number(chatId.trim()) : 0;
    const known = this.chats.get(id);
    if (known) return known;
    if (options.allowUnknownUser && id > 0 && id < 2 ** 40) return this.ensure(id);
    throw badRequest('chat not found');
  }

  rememberUser(user: User): void {
    this.users.set(user.id, { ...this.users.get(user.id), ...user });
  }

  /**
   * Refuses with Telegram's 403/400 when the bot may not act in the chat any more. A user who blocked the
   * bot stops new messages, while edits and deletions of old ones still go through.
   */
  assertCanWrite(stored: StoredChat, action: 'send' | 'edit'): void {
    const { chat, bot } = stored;
    const kind = `${chat.type} chat`;
    if (bot.status === 'kicked' && chat.type === 'private') {
      if (action === 'send') throw forbidden('bot was blocked by the user');
      return;
    }
    if (bot.status === 'kicked') throw forbidden(`bot was kicked from the ${kind}`);
    if (bot.status === 'left') throw forbidden(`bot is not a member of the ${kind}`);
    if (action === 'send' && chat.type === 'channel' && !(bot.status === 'administrator' && bot.can_post_messages)) {
      throw badRequest('need administrator rights in the channel chat');
    }
    if (action === 'send' && bot.status === 'restricted' && !bot.can_send_messages) {
      throw badRequest('not enough rights to send text messages to the chat');
    }
  }

  newMessageId(stored: StoredChat): number {
    return stored.nextMessageId++;
  }

  all(): StoredChat[] {
    return [...this.chats.values()];
  }
}

function completeChat(given: Exclude<ChatInput, number>): Chat {
  const input = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as typeof given;
  const type = input.type ?? (input.id > 0 ? 'private' : input.id <= -1_000_000_000_000 ? 'supergroup' : 'group');
  if (type === 'private') {
    return { ...input, id: input.id, type, first_name: input.first_name ?? `User ${input.id}` } as Chat;
  }
  return { ...input, id: input.id, type, title: input.title ?? `Chat ${input.id}` } as Chat;
}

export function administrator(bot: User, type: Chat['type']): ChatMemberAdministrator {
  return {
    status: 'administrator',
    user: bot,
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: true,
    can_edit_stories: true,
    can_delete_stories: true,
    can_post_messages: true,
    can_send_welcome_messages: false,
    ...(type === 'channel' ? { can_edit_messages: true } : { can_pin_messages: true }),
  };
}
