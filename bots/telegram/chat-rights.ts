/** For /subscribe and /unsubscribe in a group or channel: asks Telegram whether the sender manages the chat and what the bot lacks to post there. */
import type { Api } from 'grammy';
import type { Chat, ChatMember, Message } from 'grammy/types';
import type { BotRight, InboundEvent, Logger } from '../../src';
import { CHAT_COMMANDS } from './events';
import { safeError } from './errors';

/** Creators and administrators manage a group. */
export function managesChat(member: ChatMember): boolean {
  return member.status === 'creator' || member.status === 'administrator';
}

/** In a channel only administrators with can_post_messages post; in a group any member not muted. */
export function botMissingRights(chatType: Chat['type'], bot: ChatMember): BotRight[] {
  if (chatType === 'channel') {
    if (bot.status === 'creator') return [];
    if (bot.status !== 'administrator') return ['admin'];
    return bot.can_post_messages ? [] : ['post'];
  }
  switch (bot.status) {
    case 'creator':
    case 'administrator':
    case 'member':
      return [];
    case 'restricted':
      return bot.can_send_messages ? [] : ['post'];
    default:
      return ['post'];
  }
}

/**
 * The event with chatTitle, isChatAdmin and botMissing filled in, when it is one of CHAT_COMMANDS
 * outside a private chat; any other event unchanged, at no cost (getChatMember is called only here).
 * A lookup that fails leaves its field out, which the engine reads as "no".
 */
export async function withChatRights(api: Api, event: InboundEvent, message: Pick<Message, 'chat' | 'from' | 'sender_chat'>, botId: number, log: Logger): Promise<InboundEvent> {
  const input = event.input;
  const chat = message.chat;
  if (input.kind !== 'command' || !CHAT_COMMANDS.has(input.name) || chat.type === 'private') return event;
  const lookup = async <T>(userId: number, read: (m: ChatMember) => T): Promise<T | undefined> => {
    try {
      return read(await api.getChatMember(chat.id, userId));
    } catch (error) {
      log.warn({ error: safeError(error) }, 'telegram: getChatMember failed');
      return undefined;
    }
  };
  // A channel's posts come from its admins; in a group, an anonymous admin posts as the group itself.
  const speaksForChat = chat.type === 'channel' || message.sender_chat?.id === chat.id;
  const [isChatAdmin, botMissing] = await Promise.all([
    speaksForChat ? true : message.from ? lookup(message.from.id, managesChat) : undefined,
    lookup(botId, (m) => botMissingRights(chat.type, m)),
  ]);
  return {
    ...event,
    actor: {
      ...event.actor,
      ...('title' in chat && chat.title ? { chatTitle: chat.title } : {}),
      ...(isChatAdmin !== undefined ? { isChatAdmin } : {}),
      ...(botMissing !== undefined ? { botMissing } : {}),
    },
  };
}
