/** Applies engine replies to one Telegram chat: sendMessage, editMessageText, answerCallbackQuery, protect_content. */
import type { Api } from 'grammy';
import type { Logger, Reply, RichText, Button } from '../../src';
import { isNotModified, safeError } from './errors';
import { inlineKeyboard, noticeText, splitRich, toHtml } from './render';

/** Where the replies go, and what they answer. */
export interface Target {
  chatId: number;
  /** Forum topic of the triggering message: answers stay in the same topic. */
  threadId?: number;
  /** In groups, answers quote the command they answer, so a busy group sees which is whose. */
  replyTo?: number;
  callback?: {
    queryId: string;
    /** The message the pressed button belongs to, when Telegram still lets us edit it. */
    messageId?: number;
    /** Set once the query is answered: Telegram expects exactly one answer. */
    answered: boolean;
  };
}

export interface SendOptions {
  api: Api;
  botUsername: string;
  log: Logger;
}

/** Answers the callback query once; later calls do nothing. A failed answer (too old) is only logged. */
export async function answerCallback(options: SendOptions, target: Target, text?: string): Promise<void> {
  const callback = target.callback;
  if (!callback || callback.answered) return;
  callback.answered = true;
  try {
    await options.api.answerCallbackQuery(callback.queryId, text ? { text: noticeText(text) } : undefined);
  } catch (error) {
    options.log.warn({ error: safeError(error) }, 'telegram: answering a button press failed');
  }
}

export async function applyReplies(options: SendOptions, target: Target, replies: readonly Reply[]): Promise<void> {
  let rest = [...replies];
  if (target.callback && !target.callback.answered) {
    // The first notice becomes the button's toast; answering first also stops the client's spinner sooner.
    const notice = rest.find((r): r is Extract<Reply, { kind: 'notice' }> => r.kind === 'notice');
    await answerCallback(options, target, notice?.text);
    if (notice) rest = rest.filter((r) => r !== notice);
  }
  let editable = target.callback?.messageId;
  let quoted = false;
  for (const reply of rest) {
    const text = textOf(reply);
    const buttons = buttonsOf(reply);
    if (reply.kind === 'message' && reply.edit && editable !== undefined) {
      const messageId = editable;
      editable = undefined;
      if (await edit(options, target, messageId, reply.text, buttons, reply.protect === true)) continue;
    }
    await send(options, target, text, buttons, { protect: reply.kind === 'message' && reply.protect === true, quote: !quoted });
    quoted = true;
  }
}

function textOf(reply: Reply): RichText {
  return reply.kind === 'notice' ? [{ kind: 'text', text: reply.text }] : reply.text;
}

function buttonsOf(reply: Reply): Button[][] | undefined {
  if (reply.kind === 'privateOnly') return [[{ kind: 'deepLink', label: reply.label, payload: reply.payload }]];
  return reply.kind === 'message' || reply.kind === 'ask' ? reply.buttons : undefined;
}

/**
 * Edits the message a button belongs to. Returns false when the caller should send a new message
 * instead: the text needs several messages, the edit failed, or the reply must be protected
 * (protect_content exists only when sending, so a receipt is always a new message; the old
 * message just loses its buttons, so Confirm cannot be pressed twice).
 */
async function edit(options: SendOptions, target: Target, messageId: number, text: RichText, buttons: Button[][] | undefined, protect: boolean): Promise<boolean> {
  const { api, botUsername, log } = options;
  if (protect || splitRich(text).length > 1) {
    await api.editMessageReplyMarkup(target.chatId, messageId).catch((error: unknown) => {
      if (!isNotModified(error)) log.debug({ error: safeError(error) }, 'telegram: removing old buttons failed');
    });
    return false;
  }
  try {
    await api.editMessageText(target.chatId, messageId, toHtml(text, botUsername), {
      parse_mode: 'HTML',
      reply_markup: inlineKeyboard(buttons, botUsername),
      link_preview_options: { is_disabled: true },
    });
    return true;
  } catch (error) {
    if (isNotModified(error)) return true;
    log.debug({ error: safeError(error) }, 'telegram: edit failed, sending a new message');
    return false;
  }
}

async function send(options: SendOptions, target: Target, text: RichText, buttons: Button[][] | undefined, how: { protect: boolean; quote: boolean }): Promise<void> {
  const { api, botUsername } = options;
  const pieces = splitRich(text);
  for (const [index, piece] of pieces.entries()) {
    const html = toHtml(piece, botUsername);
    if (html.trim() === '') continue;
    const last = index === pieces.length - 1;
    const replyTo = how.quote && index === 0 ? target.replyTo : undefined;
    await api.sendMessage(target.chatId, html, {
      parse_mode: 'HTML',
      // Previews would turn every petition and deep link into a large card.
      link_preview_options: { is_disabled: true },
      ...(last ? { reply_markup: inlineKeyboard(buttons, botUsername) } : {}),
      ...(how.protect ? { protect_content: true } : {}),
      ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
      ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    });
  }
}
