/** What the adapters use of broadcasts: start the worker, and tell it when a platform shut the bot out of a chat. */
import type { Config } from '../config';
import type { Database, Tx } from '../db/client';
import type { Platform } from '../engine/types';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../log';
import type { FieldCipher } from '../privacy/cipher';
import { progressOf } from './outbox';
import { safeReason } from './queue';
import { moveChat, switchOff, switchOffGuild, type ChatRef } from './subscriptions';
import type { BroadcastProgress, BroadcastTransport } from './types';
import { BroadcastWorker, type BroadcastWorkerOptions } from './worker';

export type WorkerSettings = Omit<BroadcastWorkerOptions, 'db' | 'cipher' | 'translator' | 'log' | 'transports'>;

export interface Broadcasts {
  /**
   * Starts this process's worker with one transport per platform. Every process may start one: they
   * elect a single sender between them, so the rate budgets hold across processes.
   */
  startWorker(transports: BroadcastTransport[], settings?: WorkerSettings): BroadcastWorker;
  /**
   * The bot was removed, blocked or lost access (Telegram my_chat_member "left"/"kicked", a 403;
   * Discord guild or channel deleted, Missing Access). Switches the subscription off with the reason.
   */
  chatGone(chat: ChatRef, reason: string): Promise<boolean>;
  /** Discord: the bot left or was removed from a server; all its channels are switched off. */
  guildGone(platform: Platform, guildId: string, reason: string): Promise<number>;
  /** Telegram: a group became a supergroup (migrate_to_chat_id); its subscription follows. */
  chatMoved(chat: ChatRef, newChatId: string): Promise<void>;
  progress(broadcastId: string): Promise<BroadcastProgress | null>;
  /** Stops every worker started here (App.close does this before closing the database). */
  close(): Promise<void>;
}

/** Platforms with a bot configured; broadcasts target only these. */
export function configuredPlatforms(config: Pick<Config, 'telegram' | 'discord'>): Platform[] {
  return [...(config.telegram ? (['telegram'] as const) : []), ...(config.discord ? (['discord'] as const) : [])];
}

export function createBroadcasts(deps: { db: Database; cipher: FieldCipher; translator: Translator; log: Logger }): Broadcasts {
  const { db, log } = deps;
  const audit = (tx: Tx, action: string, subject: string, reason: string) =>
    tx.auditLog.create({ data: { actor: 'platform', action, subject, details: JSON.stringify({ reason: safeReason(reason) }) } });
  const workers = new Set<BroadcastWorker>();
  return {
    startWorker(transports, settings = {}) {
      const worker = new BroadcastWorker({ ...deps, transports, ...settings }).start();
      workers.add(worker);
      return worker;
    },
    async chatGone(chat, reason) {
      const was = await db.write(async (tx) => {
        const on = await switchOff(tx, chat, safeReason(reason), new Date());
        if (on) await audit(tx, 'subscription.off', `${chat.platform}:${chat.chatId}`, reason);
        return on;
      });
      if (was) log.info({ platform: chat.platform }, 'subscription switched off: the bot lost access');
      return was;
    },
    async guildGone(platform, guildId, reason) {
      return db.write(async (tx) => {
        const n = await switchOffGuild(tx, platform, guildId, safeReason(reason), new Date());
        if (n > 0) await audit(tx, 'subscription.off', `${platform}:guild:${guildId}`, reason);
        return n;
      });
    },
    async chatMoved(chat, newChatId) {
      await db.write((tx) => moveChat(tx, chat, newChatId, new Date()));
    },
    progress: (id) => progressOf(db.prisma, id),
    async close() {
      await Promise.all([...workers].map((w) => w.stop()));
      workers.clear();
    },
  };
}
