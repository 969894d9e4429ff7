/**
 * Members' private addresses for updates. The address (Telegram private chat id = user id; Discord
 * user id) is stored only encrypted, keyed by member hash, and only while the member opts in.
 */
import type { Tx } from '../db/client';
import type { Actor } from '../engine/types';
import type { Lang } from '../i18n/translator';
import type { FieldCipher } from '../privacy/cipher';

/** Platforms the worker can reach a member on; the console has no one to deliver to. */
function reachable(platform: Actor['platform']): boolean {
  return platform === 'telegram' || platform === 'discord';
}

/** Saves where to reach the member. Their preference row must exist (it is the parent row). */
export async function rememberAddress(tx: Tx, cipher: FieldCipher, memberHash: string, actor: Actor, lang: Lang): Promise<void> {
  if (!reachable(actor.platform)) return;
  const data = { platform: actor.platform, addressEnc: cipher.encrypt(actor.userId), lang };
  await tx.memberAddress.upsert({ where: { memberHash }, create: { memberHash, ...data }, update: data });
}

/** Forgets where to reach the member and skips their deliveries not yet started. Returns rows changed. */
export async function dropAddress(tx: Tx, memberHash: string, reason: string): Promise<number> {
  const removed = (await tx.memberAddress.deleteMany({ where: { memberHash } })).count;
  const skipped = await tx.broadcastDelivery.updateMany({
    where: { targetKey: memberKey(memberHash), status: { in: ['pending', 'claimed'] } },
    data: { status: 'skipped', error: reason, leaseOwner: null, leaseUntil: null },
  });
  return removed + skipped.count;
}

export function memberKey(memberHash: string): string {
  return `m:${memberHash}`;
}

/**
 * /forget: the address goes, and no delivery or broadcast row keeps the member's hash or address.
 * Counts stay right: a delivery becomes anonymous ("x:<id>") rather than disappearing.
 */
export async function eraseMemberBroadcastData(tx: Tx, memberHash: string): Promise<number> {
  let changed = await dropAddress(tx, memberHash, 'member erased their data');
  const rows = await tx.broadcastDelivery.findMany({ where: { targetKey: memberKey(memberHash) }, select: { id: true } });
  for (const row of rows) {
    await tx.broadcastDelivery.update({ where: { id: row.id }, data: { targetKey: `x:${row.id}`, addressEnc: null } });
  }
  changed += rows.length;
  const authored = await tx.broadcast.updateMany({ where: { authorHash: memberHash }, data: { authorHash: null, authorAddressEnc: null } });
  return changed + authored.count;
}
