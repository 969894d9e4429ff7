/** Long-polling mode through @grammyjs/runner: updates of different chats concurrently, one member's in order (see bot.ts). */
import type { Bot } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { ALLOWED_UPDATES } from './bot';

export interface PollingOptions {
  /** getUpdates long-poll timeout in seconds. */
  timeoutSeconds?: number;
}

export async function startPolling(bot: Bot, options: PollingOptions = {}): Promise<RunnerHandle> {
  // getUpdates is refused while a webhook is set; pending updates are kept, not dropped.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  return run(bot, {
    runner: {
      fetch: { timeout: options.timeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
      retryInterval: 'exponential',
      // Refused getUpdates calls are logged by the API client's transformer in bot.ts, not console.error.
      silent: true,
    },
  });
}
