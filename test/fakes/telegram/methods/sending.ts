/** Methods that post a new message: sendMessage, sendPhoto, copyMessage, forwardMessage. */
import type { Message, PhotoSize } from 'grammy/types';
import { badRequest } from '../api-error';
import type { BotState } from '../bot-state';
import { captionText, messageText } from '../message-text';
import type { Params } from '../params';
import { readReplyMarkup } from '../reply-markup';
import type { MethodTable } from './context';
import { deliver, writableChat } from './delivery';

export const sendingMethods: MethodTable = {
  sendMessage: ({ bot, params }) => {
    const { text, entities } = messageText(params);
    const markup = readReplyMarkup(params);
    const chat = writableChat(bot, params);
    return deliver(bot, chat, params, { text, ...(entities.length ? { entities } : {}) }, inline(markup));
  },

  sendPhoto: ({ bot, params }) => {
    const upload = params.file('photo');
    const reference = upload ? '' : params.text('photo');
    if (upload === undefined && reference === '') throw badRequest('there is no photo in the request');
    const caption = captionText(params);
    const markup = readReplyMarkup(params);
    const chat = writableChat(bot, params);
    const id = `fake-photo-${upload?.filename ?? reference}`;
    const content = { photo: photoSizes(id, upload?.size ?? 0), ...captionFields(caption) };
    return deliver(bot, chat, params, content, inline(markup));
  },

  copyMessage: ({ bot, params }) => {
    const source = sourceMessage(bot, params, 'message to copy not found');
    const caption = captionText(params);
    const markup = readReplyMarkup(params);
    const chat = writableChat(bot, params);
    const content = copyableContent(source);
    if (caption && source.text === undefined) Object.assign(content, captionFields(caption));
    const copy = deliver(bot, chat, params, content, inline(markup));
    return { message_id: copy.message_id };
  },

  forwardMessage: ({ bot, params }) => {
    const source = sourceMessage(bot, params, 'message to forward not found');
    const chat = writableChat(bot, params);
    const origin = source.sender_chat
      ? { type: 'channel', chat: source.sender_chat, message_id: source.message_id, date: source.date }
      : { type: 'user', sender_user: source.from, date: source.date };
    return deliver(bot, chat, params, { ...copyableContent(source), forward_origin: origin } as Partial<Message>, undefined);
  },
};

function inline(markup: ReturnType<typeof readReplyMarkup>) {
  return markup?.kind === 'inline' ? markup.markup : undefined;
}

function captionFields(caption: ReturnType<typeof captionText>): Partial<Message> {
  if (caption === undefined) return {};
  return { caption: caption.text, ...(caption.entities.length ? { caption_entities: caption.entities } : {}) };
}

function sourceMessage(bot: BotState, params: Params, notFound: string): Message {
  const from = bot.chats.resolve(params.text('from_chat_id'), { allowUnknownUser: false });
  const message = from.messages.get(params.int('message_id', 0, 0));
  if (message === undefined) throw badRequest(notFound);
  return message;
}

function copyableContent(source: Message): Partial<Message> {
  const { text, entities, caption, caption_entities, photo } = structuredClone(source);
  const content = { text, entities, caption, caption_entities, photo };
  return Object.fromEntries(Object.entries(content).filter(([, value]) => value !== undefined)) as Partial<Message>;
}

function photoSizes(fileId: string, size: number): PhotoSize[] {
  return [
    { file_id: `${fileId}-s`, file_unique_id: `${fileId}-s`, width: 90, height: 90, file_size: Math.round(size / 10) },
    { file_id: `${fileId}-m`, file_unique_id: `${fileId}-m`, width: 320, height: 320, file_size: Math.round(size / 3) },
    { file_id: fileId, file_unique_id: fileId, width: 800, height: 800, file_size: size },
  ];
}
