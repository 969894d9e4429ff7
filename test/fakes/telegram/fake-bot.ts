/** What a test can do to and see of one bot: push updates as users, inspect its messages, change its chats. */
import type { BotCommand, BotCommandScope, ChatMember, Message, Update, WebhookInfo } from 'grammy/types';
import type { BotState, CallbackAnswer, CommandList } from './bot-state';
import type { ChatInput } from './chat-store';
import { commandListKey } from './methods/commands';
import { postJson } from './node-http';
import {
  channelPost,
  myChatMember,
  userPresses,
  userSends,
  type ChannelPostInput,
  type MyChatMemberInput,
  type UserPressesInput,
  type UserSendsInput,
} from './update-builders';

export interface BlockOptions {
  /** Also send the my_chat_member update Telegram sends when a user blocks a bot or a group removes it. */
  notify?: boolean;
}

export class FakeBot {
  constructor(
    protected readonly state: BotState,
    private readonly closing: AbortSignal,
  ) {}

  get token(): string {
    return this.state.token;
  }

  /** The bot's user object, as in Message.from. */
  get botUser() {
    return this.state.user;
  }

  /** Queues an update, assigning the next update_id; undefined when allowed_updates excludes its type. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update | undefined {
    return this.state.updates.push(update);
  }

  /** A user writes to the bot (private chat by default); "/cmd" text gets a bot_command entity. */
  userSends(input: UserSendsInput): Update | undefined {
    return userSends(this.state, input);
  }

  /** A user presses an inline button of a message the bot sent. Throws if no such button is on it now. */
  userPresses(input: UserPressesInput): Update | undefined {
    return userPresses(this.state, input);
  }

  /** The bot's membership changes (added, promoted, removed, blocked); sends a my_chat_member update. */
  myChatMember(input: MyChatMemberInput): Update | undefined {
    return myChatMember(this.state, input);
  }

  /** A post appears in a channel where the bot is an administrator. */
  channelPost(input: ChannelPostInput): Update | undefined {
    return channelPost(this.state, input);
  }

  /** Updates still waiting to be fetched or delivered. */
  pendingUpdates(): Update[] {
    return structuredClone([...this.state.updates.all()]);
  }

  /**
   * One raw POST of `update` to the bot's webhook, outside the delivery queue, returning the HTTP status.
   * `secret` undefined sends the configured secret token, null sends none, a string sends that string.
   */
  async postToWebhook(
    update: Partial<Update>,
    options: { secret?: string | null; url?: string } = {},
  ): Promise<number> {
    const target = this.state.webhookTarget();
    const url = options.url ?? target?.url;
    if (url === undefined) throw new Error('fake Telegram: no webhook is set; call setWebhook first or pass { url }');
    const secret = options.secret === undefined ? target?.secretToken : options.secret;
    const full = { update_id: this.state.updates.takeId(), ...update };
    const headers: Record<string, string> = secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {};
    const result = await postJson(url, JSON.stringify(full), headers, this.closing, 10_000);
    return result.status;
  }

  /** The bot's current messages in a chat, oldest first, after edits and without deleted ones. */
  messagesTo(chatId: number): Message[] {
    const stored = this.state.chats.get(chatId);
    if (stored === undefined) return [];
    const own = [...stored.messages.values()].filter((message) => stored.sentByBot.has(message.message_id));
    return structuredClone(own.sort((a, b) => a.message_id - b.message_id));
  }

  lastMessageTo(chatId: number): Message | undefined {
    return this.messagesTo(chatId).at(-1);
  }

  /** Every answerCallbackQuery the bot made, in order. */
  get callbackAnswers(): readonly CallbackAnswer[] {
    return this.state.callbackAnswers;
  }

  /** Every stored command list with its scope and language. */
  get commands(): CommandList[] {
    return structuredClone([...this.state.commands.values()]);
  }

  /** The command list for exactly this scope and language, as getMyCommands would return it. */
  commandsFor(scope: BotCommandScope = { type: 'default' }, languageCode = ''): BotCommand[] {
    return structuredClone(this.state.commands.get(commandListKey(scope, languageCode))?.commands ?? []);
  }

  webhookInfo(): WebhookInfo {
    return this.state.webhookInfo();
  }

  /** Makes a chat known (a bare id: > 0 private, -100… supergroup, other negative group). */
  addChat(chat: ChatInput): void {
    this.state.chats.ensure(chat);
  }

  /** What getChatMember returns for this user; the bot's own id sets the bot's membership (and rights). */
  setChatMember(chatId: number, userId: number, member: ChatMember | ChatMember['status']): void {
    const stored = this.state.chats.ensure(chatId);
    const isBot = userId === this.state.user.id;
    const user = isBot
      ? this.state.user
      : (this.state.chats.users.get(userId) ?? { id: userId, is_bot: false, first_name: `User ${userId}` });
    this.state.chats.rememberUser(user);
    const full = (
      typeof member === 'string' ? { status: member, user, ...(member === 'kicked' ? { until_date: 0 } : {}) } : member
    ) as ChatMember;
    if (isBot) stored.bot = full;
    else stored.members.set(userId, full);
  }

  /**
   * The user blocks the bot (private chat) or the bot is removed (group: kicked; channel: no longer a
   * member), so sending there answers 403 with Telegram's wording.
   */
  blockBot(chatId: number, options: BlockOptions = {}): void {
    const stored = this.state.chats.ensure(chatId);
    const status = stored.chat.type === 'channel' ? 'left' : 'kicked';
    this.changeMembership(stored.chat.id, status, options);
  }

  /** Undoes blockBot: the user unblocks the bot, or it is added back as an ordinary member. */
  unblockBot(chatId: number, options: BlockOptions = {}): void {
    this.changeMembership(chatId, 'member', options);
  }

  private changeMembership(chatId: number, status: 'member' | 'left' | 'kicked', options: BlockOptions): void {
    const stored = this.state.chats.ensure(chatId);
    if (options.notify) {
      const from =
        stored.chat.type === 'private'
          ? { id: stored.chat.id, first_name: stored.chat.first_name }
          : { id: 1, first_name: 'Group admin' };
      myChatMember(this.state, { chat: stored.chat, from, status });
      return;
    }
    stored.bot = status === 'kicked' ? { status, user: this.state.user, until_date: 0 } : { status, user: this.state.user };
  }
}
