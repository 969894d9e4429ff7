/** The common tail of every sending method: chat checks, flood limits, message ids, and storage. */
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { badRequest, tooManyRequests } from '../api-error';
import type { BotState } from '../bot-state';
import type { StoredChat } from '../chat-store';
import type { Params } from '../params';

/** Finds the target chat of a sending method and checks the bot may still post there. */
export function writableChat(bot: BotState, params: Params, field = 'chat_id'): StoredChat {
  const stored = bot.chats.resolve(params.text(field), { allowUnknownUser: true });
  bot.chats.assertCanWrite(stored, 'send');
  return stored;
}

/** Refuses with 429 when the message would exceed a flood limit; the refused message is not delivered. */
export function admitMessage(bot: BotState, stored: StoredChat): void {
  const admission = bot.limiter.admit(stored.chat.id, stored.chat.type === 'private');
  if (!admission.ok) throw tooManyRequests(admission.retryAfterSeconds);
}

/** Stores a new bot message in the chat and returns it as Telegram would. */
export function deliver(
  bot: BotState,
  stored: StoredChat,
  params: Params,
  content: Partial<Message>,
  markup: InlineKeyboardMarkup | undefined,
): Message {
  const replyTo = repliedMessage(stored, params);
  admitMessage(bot, stored);
  const message = {
    message_id: bot.chats.newMessageId(stored),
    ...(stored.chat.type === 'channel' ? { sender_chat: stored.chat } : { from: bot.user }),
    date: Math.floor(Date.now() / 1000),
    chat: stored.chat,
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...content,
    ...(params.bool('protect_content') ? { has_protected_content: true } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  } as Message;
  stored.messages.set(message.message_id, message);
  stored.sentByBot.add(message.message_id);
  return structuredClone(message);
}

function repliedMessage(stored: StoredChat, params: Params): Message | undefined {
  let id = params.int('reply_to_message_id', 0, 0);
  let allowMissing = params.bool('allow_sending_without_reply');
  const reply = params.json('reply_parameters', "Can't parse reply parameters JSON object") as
    | { message_id?: number; allow_sending_without_reply?: boolean }
    | undefined;
  if (reply && typeof reply === 'object') {
    id = Number(reply.message_id ?? 0);
    allowMissing = reply.allow_sending_without_reply === true;
  }
  if (id === 0) return undefined;
  const message = stored.messages.get(id);
  if (message === undefined && !allowMissing) throw badRequest('message to be replied not found');
  if (message === undefined) return undefined;
  const { reply_to_message: _nested, ...shallow } = message as Message & { reply_to_message?: Message };
  return shallow as Message;
}
