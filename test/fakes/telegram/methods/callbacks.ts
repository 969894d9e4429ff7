/** answerCallbackQuery: each query can be answered once, and only if the fake delivered it. */
import { badRequest } from '../api-error';
import type { MethodTable } from './context';

export const callbackMethods: MethodTable = {
  answerCallbackQuery: ({ bot, params }) => {
    const id = params.text('callback_query_id');
    const entry = bot.callbackQueries.get(id);
    if (entry === undefined || entry.answered) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    entry.answered = true;
    const text = params.text('text');
    const url = params.text('url');
    bot.callbackAnswers.push({
      callback_query_id: id,
      ...(text ? { text } : {}),
      show_alert: params.bool('show_alert'),
      ...(url ? { url } : {}),
      cache_time: params.int('cache_time', 0, 0, 24 * 30 * 60 * 60),
      at: Date.now(),
    });
    return true;
  },
};
