/** Builds the updates Telegram would create when people act: messages, button presses, membership changes, posts. */
import type { CallbackQuery, Chat, ChatMember, Message, MessageEntity, Update, User } from 'grammy/types';
import type { BotState } from './bot-state';
import { administrator, type StoredChat } from './chat-store';

export interface PersonInput {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface ChatRef {
  id: number;
  type?: Chat['type'];
  title?: string;
  username?: string;
}

export interface UserSendsInput {
  from: PersonInput;
  /** Defaults to the user's private chat with the bot. */
  chat?: ChatRef;
  text: string;
  /** The message_id (in the same chat) this message replies to. */
  replyTo?: number;
}

export interface UserPressesInput {
  from: PersonInput;
  /** The bot's message carrying the button: a Message, or just its chat id and message_id. */
  message: { chat: { id: number }; message_id: number };
  data: string;
  /** Press even if the message has no button with this data (a stale keyboard). */
  force?: boolean;
}

export interface MyChatMemberInput {
  chat: ChatRef;
  /** Who changed the bot's status (in private chats, the user who blocked or unblocked it). */
  from: PersonInput;
  status: 'member' | 'administrator' | 'left' | 'kicked';
  /** Overrides the new ChatMember object entirely (e.g. restricted with precise rights). */
  member?: ChatMember;
}

export interface ChannelPostInput {
  chat: { id: number; title?: string; username?: string };
  text: string;
  author_signature?: string;
}

const now = (): number => Math.floor(Date.now() / 1000);
const person = (input: PersonInput): User => ({ is_bot: false, ...input });

/** A user's text message; in groups a privacy-mode bot that is not an admin only gets commands, mentions and replies. */
export function userSends(bot: BotState, input: UserSendsInput): Update | undefined {
  const user = person(input.from);
  bot.chats.rememberUser(user);
  const stored = bot.chats.ensure(
    input.chat ?? {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      last_name: user.last_name,
      username: user.username,
    },
  );
  if (stored.chat.type === 'channel') throw new Error('fake Telegram: users post in channels via fake.channelPost(...)');
  if (stored.chat.type === 'private') {
    // To write, a user who blocked the bot must unblock it, which Telegram reports first.
    if (stored.bot.status === 'kicked') myChatMember(bot, { chat: stored.chat, from: input.from, status: 'member' });
  } else {
    assertBotPresent(stored);
    if (!stored.members.has(user.id)) stored.members.set(user.id, { status: 'member', user });
  }
  const replyTo = input.replyTo === undefined ? undefined : stored.messages.get(input.replyTo);
  if (input.replyTo !== undefined && replyTo === undefined) {
    throw new Error(`fake Telegram: chat ${stored.chat.id} has no message ${input.replyTo} to reply to`);
  }
  const entities = detectEntities(input.text);
  const message = {
    message_id: bot.chats.newMessageId(stored),
    from: user,
    chat: stored.chat,
    date: now(),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    text: input.text,
    ...(entities.length ? { entities } : {}),
  } as Message;
  stored.messages.set(message.message_id, message);
  if (!reachesBot(bot, stored, message)) return undefined;
  return bot.updates.push({ message: structuredClone(message) } as Update);
}

let callbackCounter = 0;

/** A press on an inline button of a message the bot sent. */
export function userPresses(bot: BotState, input: UserPressesInput): Update | undefined {
  const user = person(input.from);
  bot.chats.rememberUser(user);
  const stored = bot.chats.get(input.message.chat.id);
  const message = stored?.messages.get(input.message.message_id);
  if (stored === undefined || message === undefined || !stored.sentByBot.has(message.message_id)) {
    const { message_id, chat } = input.message;
    throw new Error(`fake Telegram: no message ${message_id} sent by the bot in chat ${chat.id} (deleted, or never sent?)`);
  }
  const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
  const offered = buttons.flatMap((button) => ('callback_data' in button ? [button.callback_data] : []));
  if (!input.force && !offered.includes(input.data)) {
    throw new Error(
      `fake Telegram: message ${message.message_id} in chat ${stored.chat.id} ` +
        `has no button with data ${JSON.stringify(input.data)}; ` +
        `it offers ${JSON.stringify(offered)}. Pass force: true to press a stale button.`,
    );
  }
  const query: CallbackQuery = {
    id: String(4_000_000_000_000_000_000n + BigInt(++callbackCounter)),
    from: user,
    message: structuredClone(message),
    chat_instance: String((BigInt(Math.abs(stored.chat.id)) * 7_919n) % 10_000_000_000_000_000n),
    data: input.data,
  };
  bot.callbackQueries.set(query.id, { query, answered: false });
  return bot.updates.push({ callback_query: query });
}

/** The bot was added, promoted, removed, blocked or unblocked; the fake's view of its membership changes too. */
export function myChatMember(bot: BotState, input: MyChatMemberInput): Update | undefined {
  const from = person(input.from);
  bot.chats.rememberUser(from);
  const known = bot.chats.get(input.chat.id) !== undefined;
  const stored = bot.chats.ensure(input.chat);
  // A chat the fake has not seen is one the bot was not in.
  const old: ChatMember = known ? stored.bot : { status: 'left', user: bot.user };
  const next: ChatMember =
    input.member ??
    (input.status === 'administrator'
      ? administrator(bot.user, stored.chat.type)
      : input.status === 'kicked'
        ? { status: 'kicked', user: bot.user, until_date: 0 }
        : { status: input.status, user: bot.user });
  stored.bot = next;
  return bot.updates.push({
    my_chat_member: { chat: stored.chat, from, date: now(), old_chat_member: old, new_chat_member: next },
  } as Update);
}

/** A post in a channel; the bot must be an administrator there to receive it. */
export function channelPost(bot: BotState, input: ChannelPostInput): Update | undefined {
  const stored = bot.chats.ensure({ ...input.chat, type: 'channel' });
  assertBotPresent(stored);
  const entities = detectEntities(input.text);
  const message = {
    message_id: bot.chats.newMessageId(stored),
    sender_chat: stored.chat,
    chat: stored.chat,
    date: now(),
    ...(input.author_signature ? { author_signature: input.author_signature } : {}),
    text: input.text,
    ...(entities.length ? { entities } : {}),
  } as Message;
  stored.messages.set(message.message_id, message);
  return bot.updates.push({ channel_post: structuredClone(message) } as Update);
}

function assertBotPresent(stored: StoredChat): void {
  if (stored.bot.status === 'left' || stored.bot.status === 'kicked') {
    throw new Error(
      `fake Telegram: the bot is ${stored.bot.status} in chat ${stored.chat.id}, so Telegram would send it nothing; ` +
        'add it back with fake.myChatMember(...)',
    );
  }
}

// Privacy mode (the default for bots): in groups a non-admin bot sees only commands, mentions and replies to it.
function reachesBot(bot: BotState, stored: StoredChat, message: Message): boolean {
  const status = stored.bot.status;
  if (stored.chat.type === 'private' || status === 'administrator' || status === 'creator') return true;
  const text = message.text ?? '';
  const mentioned = bot.user.username !== undefined && text.toLowerCase().includes(`@${bot.user.username.toLowerCase()}`);
  const command = /^\/[A-Za-z0-9_]+(?:@(\w+))?/.exec(text);
  const addressee = command?.[1]?.toLowerCase();
  const commandForUs = command !== null && (addressee === undefined || addressee === bot.user.username?.toLowerCase());
  const replyToBot = message.reply_to_message?.from?.id === bot.user.id;
  return mentioned || commandForUs || replyToBot;
}

/** The bot_command entities Telegram marks in a user's text (TDLib's match_bot_commands). */
function detectEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const pattern = /\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?/g;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = text.charAt(start - 1);
    const after = text.charAt(end);
    if (start > 0 && /[\p{L}\p{N}_/<>]/u.test(before)) continue;
    if (after !== '' && /[\p{L}\p{N}_/<>@]/u.test(after)) continue;
    entities.push({ type: 'bot_command', offset: start, length: match[0].length });
  }
  return entities;
}
