/** What the bot sent each simulated member, read incrementally from the fake Telegram's call log and grouped by chat. */
import type { Message } from 'grammy/types';
import type { RecordedCall } from '../test/fakes/telegram';

/** A message the bot sent or edited, as a member sees it: text, the callback_data of its buttons, protection. */
export interface BotMessage {
  chatId: number;
  messageId: number;
  text: string;
  buttons: string[];
  protect: boolean;
  /** When the fake received the call (ms since epoch). */
  at: number;
}

export interface ApiError {
  method: string;
  code: number;
  description: string;
}

/**
 * Walks `fake.calls` (append-only) from a cursor, so a run of thousands of members costs O(calls),
 * not a scan of the whole log per step. Button answers are filed under the chat of the member who
 * pressed, which the driver announces with expectQuery.
 */
export class CallIndex {
  private cursor = 0;
  private readonly byChat = new Map<number, RecordedCall[]>();
  private readonly queryChat = new Map<string, number>();
  private readonly waiters = new Map<number, () => void>();
  /** Calls Telegram (the fake) refused: bad HTML, flood limits, unknown messages. */
  readonly apiErrors: ApiError[] = [];
  apiErrorCount = 0;

  constructor(private readonly calls: readonly RecordedCall[]) {}

  expectQuery(queryId: string, chatId: number): void {
    this.queryChat.set(queryId, chatId);
  }

  /** Files every call recorded since the last sync; wakes members waiting on their chat. */
  sync(): void {
    const calls = this.calls;
    for (; this.cursor < calls.length; this.cursor++) {
      const call = calls[this.cursor]!;
      if (call.response && !call.response.ok) {
        this.apiErrorCount++;
        if (this.apiErrors.length < 20) this.apiErrors.push({ method: call.method, code: call.response.error_code, description: call.response.description });
      }
      const chatId = this.chatOf(call);
      if (chatId === undefined) continue;
      let bucket = this.byChat.get(chatId);
      if (!bucket) this.byChat.set(chatId, (bucket = []));
      bucket.push(call);
      this.waiters.get(chatId)?.();
    }
  }

  /** Returns and forgets the calls filed for a chat so far. */
  take(chatId: number): RecordedCall[] {
    const bucket = this.byChat.get(chatId) ?? [];
    this.byChat.delete(chatId);
    return bucket;
  }

  /**
   * Resolves when a call for the chat is filed (the caller syncs, e.g. on a timer), or after timeoutMs.
   * One waiter per chat: a member waits for one thing at a time.
   */
  waitForChat(chatId: number, timeoutMs: number): Promise<boolean> {
    if ((this.byChat.get(chatId)?.length ?? 0) > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(chatId);
        resolve(value);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.set(chatId, () => done(true));
    });
  }

  private chatOf(call: RecordedCall): number | undefined {
    if (call.method === 'answerCallbackQuery') return this.queryChat.get(String(call.params.callback_query_id));
    const chatId = call.params.chat_id;
    return chatId === undefined ? undefined : Number(chatId);
  }
}

/** The message a successful sendMessage or editMessageText left in the chat; undefined for other calls. */
export function messageOf(call: RecordedCall): BotMessage | undefined {
  if (!call.response?.ok) return undefined;
  if (call.method !== 'sendMessage' && call.method !== 'editMessageText') return undefined;
  const result = call.response.result as Partial<Message> | true;
  const messageId = call.method === 'sendMessage' ? (result as Partial<Message>).message_id : Number(call.params.message_id);
  if (messageId === undefined) return undefined;
  return {
    chatId: Number(call.params.chat_id),
    messageId,
    text: String(call.params.text ?? ''),
    buttons: callbackData(call.params.reply_markup),
    protect: call.params.protect_content === true || call.params.protect_content === 'true',
    at: call.at,
  };
}

/** The callback_data of every inline button in a reply_markup (an object in JSON bodies, a string in form bodies). */
function callbackData(markup: unknown): string[] {
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as unknown) : markup;
  const rows = (parsed as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard ?? [];
  return rows.flat().flatMap((button) => {
    const data = (button as { callback_data?: unknown }).callback_data;
    return typeof data === 'string' ? [data] : [];
  });
}

/** The last message among a batch of calls: what the member reads to decide the next step. */
export function lastMessage(calls: readonly RecordedCall[]): BotMessage | undefined {
  for (let i = calls.length - 1; i >= 0; i--) {
    const message = messageOf(calls[i]!);
    if (message) return message;
  }
  return undefined;
}
