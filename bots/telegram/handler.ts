/** Handles one update: event → engine → replies, inside the adapter's one error boundary; lost and moved chats go to the broadcasts. */
import { GrammyError, type Context } from 'grammy';
import type { App, EngineResult, InboundEvent } from '../../src';
import { withChatRights } from './chat-rights';
import { safeError } from './errors';
import { chatChange, toEvent, type ChatChange } from './events';
import { answerCallback, applyReplies, type SendOptions, type Target } from './send';

/** Where answers to this update go; null when there is no chat to answer in. */
export function targetOf(ctx: Context): Target | null {
  const query = ctx.callbackQuery;
  if (query) {
    const message = query.message;
    // date 0 marks a message Telegram no longer lets us touch (older than 48 hours).
    const editable = message && message.date !== 0 ? message.message_id : undefined;
    const base = { chatId: message?.chat.id ?? query.from.id, callback: { queryId: query.id, messageId: editable, answered: false } };
    const thread = message && message.date !== 0 && 'is_topic_message' in message && message.is_topic_message ? message.message_thread_id : undefined;
    return thread !== undefined ? { ...base, threadId: thread } : base;
  }
  const message = ctx.message ?? ctx.channelPost;
  if (!message) return null;
  const target: Target = { chatId: message.chat.id };
  if (message.is_topic_message && message.message_thread_id !== undefined) target.threadId = message.message_thread_id;
  if (message.chat.type !== 'private') target.replyTo = message.message_id;
  return target;
}

export function updateHandler(app: App) {
  return async function handleTelegramUpdate(ctx: Context): Promise<void> {
    const change = chatChange(ctx.update);
    if (change) await applyChatChange(app, change);
    const target = targetOf(ctx);
    const options: SendOptions = { api: ctx.api, botUsername: ctx.me.username, log: app.log };
    const event = toEvent(ctx.update, ctx.me.username);
    if (!event || !target) {
      // Not ours (another bot's command, group chatter, an inline-mode button): still stop a spinner.
      if (target) await answerCallback(options, target);
      return;
    }
    try {
      const message = ctx.message ?? ctx.channelPost;
      const withRights = message ? await withChatRights(ctx.api, event, message, ctx.me.id, app.log) : event;
      // Telegram redelivers an update it has no answer for (webhook) or that was not confirmed
      // (polling), so the engine keeps the replies until they are sent: a crash between commit and
      // sending then gets them on redelivery. A plain replay has no replies.
      const full: InboundEvent = { ...withRights, redeliverable: true };
      const result = await handleEvent(app, full);
      await applyReplies(options, target, result.replies);
      if (result.replies.length > 0) {
        await app.engine.delivered(full).catch((error: unknown) => app.log.warn({ updateId: full.id, error: safeError(error) }, 'telegram: recording replies as sent failed'));
      }
    } catch (error) {
      // Sending failed (blocked by the member, chat gone, retries used up): log what failed, not for whom.
      // Telegram refusing (4xx) is the member's or chat's state, not our bug: a warning.
      const level = error instanceof GrammyError && error.error_code < 500 ? 'warn' : 'error';
      app.log[level]({ updateId: ctx.update.update_id, error: safeError(error) }, 'telegram: delivering replies failed');
    } finally {
      await answerCallback(options, target);
    }
  };
}

/** The engine's answer, or its apology in the member's language when handling threw. */
async function handleEvent(app: App, event: InboundEvent): Promise<EngineResult> {
  try {
    return await app.engine.handle(event);
  } catch (error) {
    app.log.error({ updateId: event.id, input: event.input.kind, error: safeError(error) }, 'telegram: handling an update failed');
    return app.engine.failureReplies(event);
  }
}

/** The bot lost a chat or the chat moved: its subscription follows. Failures are logged; Telegram does not resend. */
async function applyChatChange(app: App, change: ChatChange): Promise<void> {
  const chat = { platform: 'telegram' as const, chatId: change.chatId };
  try {
    if (change.kind === 'gone') await app.broadcasts.chatGone(chat, change.reason);
    else await app.broadcasts.chatMoved(chat, change.newChatId);
  } catch (error) {
    app.log.error({ change: change.kind, error: safeError(error) }, 'telegram: recording a lost or moved chat failed');
  }
}
