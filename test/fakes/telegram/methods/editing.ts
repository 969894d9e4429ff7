/** Methods that change or remove a message the bot sent: editMessageText, editMessageReplyMarkup, deleteMessage. */
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { badRequest } from '../api-error';
import type { BotState } from '../bot-state';
import type { StoredChat } from '../chat-store';
import { messageText } from '../message-text';
import type { Params } from '../params';
import { readReplyMarkup, sameMarkup } from '../reply-markup';
import type { MethodTable } from './context';
import { admitMessage } from './delivery';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same ' +
  'as a current content and reply markup of the message';

export const editingMethods: MethodTable = {
  editMessageText: ({ bot, params }) => {
    const { text, entities } = messageText(params);
    const markup = inlineMarkup(params);
    const { stored, message } = editableMessage(bot, params);
    if (message.text === undefined) throw badRequest('there is no text in the message to edit');
    const sameText = message.text === text && JSON.stringify(message.entities ?? []) === JSON.stringify(entities);
    if (sameText && sameMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
    admitMessage(bot, stored);
    // Leaving reply_markup out removes the keyboard, as on Telegram.
    return replace(stored, message, {
      text,
      entities: entities.length ? entities : undefined,
      reply_markup: markup,
      edit_date: Math.floor(Date.now() / 1000),
    });
  },

  editMessageReplyMarkup: ({ bot, params }) => {
    const markup = inlineMarkup(params);
    const { stored, message } = editableMessage(bot, params);
    if (sameMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
    // A keyboard-only change does not mark the message as edited.
    return replace(stored, message, { reply_markup: markup });
  },

  deleteMessage: ({ bot, params }) => {
    if (params.text('chat_id') === '') throw badRequest('Chat identifier is not specified');
    const messageId = params.int('message_id', 0, 0);
    if (messageId === 0) throw badRequest('Message identifier is not specified');
    const stored = bot.chats.resolve(params.text('chat_id'), { allowUnknownUser: false });
    bot.chats.assertCanWrite(stored, 'edit');
    const message = stored.messages.get(messageId);
    if (message === undefined) throw badRequest('message to delete not found');
    const own = stored.sentByBot.has(messageId);
    const moderator = stored.bot.status === 'administrator' && stored.bot.can_delete_messages;
    if (!own && stored.chat.type !== 'private' && !moderator) throw badRequest("message can't be deleted");
    stored.messages.delete(messageId);
    return true;
  },
};

function inlineMarkup(params: Params): InlineKeyboardMarkup | undefined {
  const markup = readReplyMarkup(params);
  if (markup?.kind === 'keyboard') throw badRequest('inline keyboard expected');
  return markup?.markup;
}

function editableMessage(bot: BotState, params: Params): { stored: StoredChat; message: Message } {
  if (params.text('chat_id') === '' && params.text('inline_message_id') !== '') {
    throw badRequest('MESSAGE_ID_INVALID'); // inline messages are not modelled
  }
  const stored = bot.chats.resolve(params.text('chat_id'), { allowUnknownUser: false });
  bot.chats.assertCanWrite(stored, 'edit');
  const message = stored.messages.get(params.int('message_id', 0, 0));
  if (message === undefined) throw badRequest('message to edit not found');
  if (!stored.sentByBot.has(message.message_id)) throw badRequest("message can't be edited");
  return { stored, message };
}

function replace(stored: StoredChat, message: Message, changes: Partial<Message>): Message {
  const edited = { ...message, ...changes } as Message & Record<string, unknown>;
  for (const key of Object.keys(edited)) if (edited[key] === undefined) delete edited[key];
  stored.messages.set(message.message_id, edited);
  return structuredClone(edited);
}
