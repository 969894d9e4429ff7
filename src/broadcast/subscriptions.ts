/** Groups and channels that get updates: subscribe, unsubscribe, and switch off when the platform shuts the bot out. */
import type { Db, Tx } from '../db/client';
import type { Platform } from '../engine/types';
import type { UpdateLang } from './types';

export interface ChatRef {
  platform: Platform;
  chatId: string;
}

export interface SubscribeInput extends ChatRef {
  guildId?: string | undefined;
  title?: string | undefined;
  lang: UpdateLang;
  petitionId: string | null;
}

export function channelKey(chat: ChatRef): string {
  return `c:${chat.platform}:${chat.chatId}`;
}

/** Creates or updates the chat's subscription and switches it on. */
export async function subscribe(tx: Tx, input: SubscribeInput): Promise<'created' | 'updated'> {
  const where = { platform_chatId: { platform: input.platform, chatId: input.chatId } };
  const existing = await tx.subscription.findUnique({ where, select: { id: true } });
  const data = {
    guildId: input.guildId ?? null,
    title: input.title ?? null,
    lang: input.lang,
    petitionId: input.petitionId,
    active: true,
    endedReason: null,
    endedAt: null,
  };
  if (existing) {
    await tx.subscription.update({ where, data });
    return 'updated';
  }
  await tx.subscription.create({ data: { platform: input.platform, chatId: input.chatId, ...data } });
  return 'created';
}

export async function findSubscription(db: Db | Tx, chat: ChatRef) {
  return db.subscription.findUnique({ where: { platform_chatId: { platform: chat.platform, chatId: chat.chatId } }, include: { petition: true } });
}

/**
 * Switches a subscription off with the reason ("unsubscribed", or what the platform said), and skips
 * its deliveries not yet started. Returns whether it was on.
 */
export async function switchOff(tx: Tx, chat: ChatRef, reason: string, now: Date): Promise<boolean> {
  const { count } = await tx.subscription.updateMany({
    where: { platform: chat.platform, chatId: chat.chatId, active: true },
    data: { active: false, endedReason: reason, endedAt: now },
  });
  await tx.broadcastDelivery.updateMany({
    where: { targetKey: channelKey(chat), status: { in: ['pending', 'claimed'] } },
    data: { status: 'skipped', error: reason, leaseOwner: null, leaseUntil: null },
  });
  return count > 0;
}

/** Discord: the bot left or was removed from a server; every channel of it is switched off. */
export async function switchOffGuild(tx: Tx, platform: Platform, guildId: string, reason: string, now: Date): Promise<number> {
  const chats = await tx.subscription.findMany({ where: { platform, guildId, active: true }, select: { chatId: true } });
  for (const { chatId } of chats) await switchOff(tx, { platform, chatId }, reason, now);
  return chats.length;
}

/**
 * Telegram: a group became a supergroup with a new id. The subscription follows it; if the new id
 * is already subscribed, the old one is switched off.
 */
export async function moveChat(tx: Tx, from: ChatRef, toChatId: string, now: Date): Promise<void> {
  const target = await tx.subscription.findUnique({ where: { platform_chatId: { platform: from.platform, chatId: toChatId } }, select: { id: true } });
  if (target) {
    await switchOff(tx, from, `moved to ${toChatId}`, now);
    return;
  }
  await tx.subscription.updateMany({ where: { platform: from.platform, chatId: from.chatId }, data: { chatId: toChatId } });
}

export async function listSubscriptions(db: Db | Tx) {
  return db.subscription.findMany({ orderBy: [{ active: 'desc' }, { createdAt: 'asc' }], include: { petition: { select: { slug: true } } } });
}
