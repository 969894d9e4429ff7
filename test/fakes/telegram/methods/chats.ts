/** Methods about chats and membership: getChat, getChatMember, sendChatAction, leaveChat. */
import type { ChatMember } from 'grammy/types';
import { badRequest } from '../api-error';
import type { MethodTable } from './context';

const CHAT_ACTIONS = new Set([
  'cancel', 'typing', 'record_video', 'upload_video', 'record_audio', 'record_voice', 'upload_audio',
  'upload_voice', 'upload_photo', 'upload_document', 'choose_sticker', 'pick_up_location', 'find_location',
  'record_video_note', 'upload_video_note',
]);

export const chatMethods: MethodTable = {
  getChat: ({ bot, params }) => {
    const stored = bot.chats.resolve(params.text('chat_id'), { allowUnknownUser: false });
    return { ...stored.chat, accent_color_id: 0, max_reaction_count: 11 };
  },

  getChatMember: ({ bot, params }) => {
    const stored = bot.chats.resolve(params.text('chat_id'), { allowUnknownUser: false });
    const userId = params.int('user_id', 0);
    if (userId <= 0) throw badRequest('invalid user_id specified');
    if (userId === bot.user.id) return stored.bot;
    const configured = stored.members.get(userId);
    if (configured) return configured;
    const user = bot.chats.users.get(userId);
    if (user === undefined) throw badRequest('user not found');
    const inChat = stored.chat.type === 'private' ? stored.chat.id === userId : false;
    return { status: inChat ? 'member' : 'left', user } satisfies ChatMember;
  },

  sendChatAction: ({ bot, params }) => {
    if (!CHAT_ACTIONS.has(params.text('action').toLowerCase())) throw badRequest('Wrong parameter action in request');
    const stored = bot.chats.resolve(params.text('chat_id'), { allowUnknownUser: true });
    bot.chats.assertCanWrite(stored, 'send');
    return true;
  },

  leaveChat: ({ bot, params }) => {
    const stored = bot.chats.resolve(params.text('chat_id'), { allowUnknownUser: false });
    if (stored.chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
    if (stored.bot.status === 'left' || stored.bot.status === 'kicked') {
      throw badRequest(`bot is not a member of the ${stored.chat.type} chat`);
    }
    stored.bot = { status: 'left', user: bot.user };
    return true;
  },
};
