/** A grammY API transformer that records every call and answers like Telegram would, for fast tests with bot.handleUpdate. */
import type { Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';

export const botInfo: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: 'Petition Bot',
  username: 'petition_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface Call {
  method: string;
  payload: Record<string, any>;
  /** message_id of a sent message. */
  messageId?: number;
}

export interface Capture {
  calls: Call[];
  transformer: Transformer;
  /** The next call of `method` gets this error answer instead. */
  failNext(method: string, error: { error_code: number; description: string; parameters?: object }): void;
  of(method: string): Call[];
  clear(): void;
}

export function capture(): Capture {
  const calls: Call[] = [];
  const failures: { method: string; error: object }[] = [];
  let messageId = 100;
  const transformer = (async (_prev: unknown, method: string, payload: Record<string, any>) => {
    const call: Call = { method, payload: structuredClone(payload ?? {}) };
    calls.push(call);
    const failure = failures.findIndex((f) => f.method === method);
    if (failure !== -1) {
      const [taken] = failures.splice(failure, 1);
      return { ok: false, ...taken!.error };
    }
    const now = Math.floor(Date.now() / 1000);
    if (method === 'sendMessage') {
      call.messageId = ++messageId;
      return { ok: true, result: { message_id: call.messageId, date: now, chat: { id: payload.chat_id, type: payload.chat_id > 0 ? 'private' : 'supergroup' }, text: payload.text } };
    }
    return { ok: true, result: true };
  }) as unknown as Transformer;
  return {
    calls,
    transformer,
    failNext: (method, error) => failures.push({ method, error }),
    of: (method) => calls.filter((c) => c.method === method),
    clear: () => void calls.splice(0),
  };
}

let updateId = 1000;

export interface Person {
  id: number;
  first_name: string;
  language_code?: string;
}

export function sends(from: Person, text: string, chat?: { id: number; type: 'group' | 'supergroup'; title: string }, id = ++updateId): Update {
  const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: chat ?? { id: from.id, type: 'private', first_name: from.first_name },
      from: { is_bot: false, ...from },
      text,
      ...(entities ? { entities } : {}),
    },
  } as Update;
}

export function presses(from: Person, messageId: number, data: string, chatId = from.id, id = ++updateId): Update {
  return {
    update_id: id,
    callback_query: {
      id: `cq-${id}`,
      from: { is_bot: false, ...from },
      chat_instance: 'ci',
      data,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: chatId > 0 ? { id: chatId, type: 'private', first_name: from.first_name } : { id: chatId, type: 'supergroup', title: 'Group' } },
    },
  } as Update;
}

/** Every callback_data on a sent message's keyboard. */
export function buttonData(call: Call | undefined): string[] {
  const rows = (call?.payload.reply_markup?.inline_keyboard ?? []) as { callback_data?: string }[][];
  return rows.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}
