/**
 * The outbox: a broadcast and one delivery row per target, written in one transaction; its audience,
 * cancellation and progress. Sending is the worker's business.
 */
import type { Db, Tx } from '../db/client';
import type { Platform } from '../engine/types';
import type { Lang } from '../i18n/translator';
import { isSignable } from '../petitions/service';
import type { PetitionStatus } from '../petitions/schema';
import { memberKey } from './addresses';
import { broadcastLength, MAX_BROADCAST_CHARS, type BroadcastContent } from './render';
import { channelKey } from './subscriptions';
import type { Audience, BroadcastProgress, BroadcastStatus, DeliveryStatus, UpdateLang } from './types';

export interface BroadcastDraft {
  textEn: string | null;
  textYue: string | null;
  /** The petition to attach (its Sign button while it is open); required for the followers audience. */
  petitionId: string | null;
  audience: Audience;
}

/** A problem with a draft, as an i18n key (the admin command line prints the English text). */
export type DraftProblem = 'broadcast:noText' | 'broadcast:tooLong' | 'broadcast:followersNeedPetition';

export function checkDraft(draft: BroadcastDraft): DraftProblem | null {
  if (!draft.textEn && !draft.textYue) return 'broadcast:noText';
  if (broadcastLength(draft.textEn, draft.textYue) > MAX_BROADCAST_CHARS) return 'broadcast:tooLong';
  if (draft.audience === 'followers' && !draft.petitionId) return 'broadcast:followersNeedPetition';
  return null;
}

export interface PlannedTarget {
  platform: Platform;
  kind: 'channel' | 'member';
  targetKey: string;
  chatId: string | null;
  addressEnc: string | null;
  subscriptionId: string | null;
  lang: UpdateLang;
}

/** Who a draft reaches right now, on the platforms that have a bot configured. */
export async function resolveTargets(tx: Db | Tx, draft: Pick<BroadcastDraft, 'audience' | 'petitionId'>, platforms: Platform[]): Promise<PlannedTarget[]> {
  const { audience, petitionId } = draft;
  const targets: PlannedTarget[] = [];
  if (audience !== 'members') {
    // A subscription that follows one petition gets that petition's updates only.
    const follows = audience === 'followers' ? [{ petitionId }] : [{ petitionId: null }, ...(petitionId ? [{ petitionId }] : [])];
    const subs = await tx.subscription.findMany({ where: { active: true, platform: { in: platforms }, OR: follows }, orderBy: { createdAt: 'asc' } });
    for (const s of subs) {
      const platform = s.platform as Platform;
      targets.push({ platform, kind: 'channel', targetKey: channelKey({ platform, chatId: s.chatId }), chatId: s.chatId, addressEnc: null, subscriptionId: s.id, lang: s.lang as UpdateLang });
    }
  }
  if (audience !== 'channels') {
    const members = await tx.memberAddress.findMany({
      where: { platform: { in: platforms }, preference: { updatesOptIn: true } },
      select: { memberHash: true, platform: true, addressEnc: true, lang: true, preference: { select: { lang: true } } },
      orderBy: { updatedAt: 'asc' },
    });
    let signers: Set<string> | null = null;
    if (audience === 'followers' && petitionId) {
      const rows = await tx.signature.findMany({ where: { petitionId }, select: { signerHash: true } });
      signers = new Set(rows.map((r) => r.signerHash));
    }
    for (const m of members) {
      if (signers && !signers.has(m.memberHash)) continue;
      const lang = (m.preference.lang ?? m.lang) as Lang;
      targets.push({ platform: m.platform as Platform, kind: 'member', targetKey: memberKey(m.memberHash), chatId: null, addressEnc: m.addressEnc, subscriptionId: null, lang });
    }
  }
  return targets;
}

export interface AudienceSummary {
  total: number;
  channels: number;
  members: number;
  /** How many get each rendering: the preview shows one message per language in use. */
  byLang: Record<UpdateLang, number>;
}

export function summarise(targets: PlannedTarget[]): AudienceSummary {
  const byLang: Record<UpdateLang, number> = { en: 0, yue: 0, both: 0 };
  for (const t of targets) byLang[t.lang]++;
  return { total: targets.length, channels: targets.filter((t) => t.kind === 'channel').length, members: targets.filter((t) => t.kind === 'member').length, byLang };
}

/** Where the author sees progress; absent for the admin command line. */
export interface BroadcastAuthor {
  platform: Platform;
  memberHash: string;
  /** Encrypted private address of the author. */
  addressEnc: string;
  lang: Lang;
}

export interface QueueInput {
  draft: BroadcastDraft;
  author: BroadcastAuthor | null;
  /** For the audit log: "cli", or "<platform>:<member hash>". */
  actor: string;
  platforms: Platform[];
  now: Date;
}

const CHUNK = 500;

/** Writes the broadcast, a delivery per target and an audit entry; call inside one write transaction. */
export async function queueBroadcast(tx: Tx, input: QueueInput): Promise<{ id: string; summary: AudienceSummary }> {
  const { draft, author, now } = input;
  const targets = await resolveTargets(tx, draft, input.platforms);
  const broadcast = await tx.broadcast.create({
    data: {
      textEn: draft.textEn,
      textYue: draft.textYue,
      petitionId: draft.petitionId,
      audience: draft.audience,
      total: targets.length,
      authorHash: author?.memberHash ?? null,
      authorPlatform: author?.platform ?? null,
      authorAddressEnc: author?.addressEnc ?? null,
      authorLang: author?.lang ?? null,
      // Nothing to send: finished at once, with its summary due.
      status: targets.length === 0 ? 'done' : 'queued',
    },
  });
  for (let i = 0; i < targets.length; i += CHUNK) {
    await tx.broadcastDelivery.createMany({
      data: targets.slice(i, i + CHUNK).map((t) => ({ ...t, broadcastId: broadcast.id, notBefore: now })),
    });
  }
  const summary = summarise(targets);
  await tx.auditLog.create({
    data: {
      actor: input.actor,
      action: 'broadcast.queued',
      subject: broadcast.id,
      details: JSON.stringify({ audience: draft.audience, petitionId: draft.petitionId, total: summary.total, channels: summary.channels, members: summary.members }),
    },
  });
  return { id: broadcast.id, summary };
}

export type CancelResult = { kind: 'cancelled'; stopped: number } | { kind: 'finished'; status: BroadcastStatus } | { kind: 'notFound' };

/** Stops a broadcast: deliveries not yet started are cancelled; those in flight finish. */
export async function cancelBroadcast(tx: Tx, id: string, actor: string, now: Date): Promise<CancelResult> {
  // The broadcast row is updated first: the worker's retry path touches it too, so the two serialise.
  const { count } = await tx.broadcast.updateMany({ where: { id, status: { in: ['queued', 'sending'] } }, data: { status: 'cancelled', cancelledAt: now } });
  if (count === 0) {
    const row = await tx.broadcast.findUnique({ where: { id }, select: { status: true } });
    return row ? { kind: 'finished', status: row.status as BroadcastStatus } : { kind: 'notFound' };
  }
  const stopped = await tx.broadcastDelivery.updateMany({
    where: { broadcastId: id, status: { in: ['pending', 'claimed'] } },
    data: { status: 'cancelled', leaseOwner: null, leaseUntil: null },
  });
  await tx.auditLog.create({ data: { actor, action: 'broadcast.cancelled', subject: id, details: JSON.stringify({ stopped: stopped.count }) } });
  return { kind: 'cancelled', stopped: stopped.count };
}

export async function progressOf(db: Db | Tx, id: string): Promise<BroadcastProgress | null> {
  const b = await db.broadcast.findUnique({ where: { id }, select: { status: true, total: true } });
  if (!b) return null;
  const groups = await db.broadcastDelivery.groupBy({ by: ['status'], where: { broadcastId: id }, _count: { _all: true } });
  const n = (s: DeliveryStatus): number => groups.find((g) => g.status === s)?._count._all ?? 0;
  const remaining = n('pending') + n('claimed') + n('sending');
  return {
    broadcastId: id,
    status: b.status as BroadcastStatus,
    total: b.total,
    sent: n('sent'),
    failed: n('failed'),
    unknown: n('unknown'),
    cancelled: n('cancelled'),
    skipped: n('skipped'),
    remaining,
    done: remaining === 0,
  };
}

/** What the worker renders: texts, and the petition while it can be signed (its Sign button). */
export async function loadContent(db: Db | Tx, id: string, now: Date): Promise<BroadcastContent | null> {
  const b = await db.broadcast.findUnique({ where: { id }, include: { petition: true } });
  if (!b) return null;
  const p = b.petition;
  const signable = p !== null && isSignable({ status: p.status as PetitionStatus, opensAt: p.opensAt, closesAt: p.closesAt }, now);
  return { textEn: b.textEn, textYue: b.textYue, petition: signable ? { slug: p.slug, titleEn: p.titleEn, titleYue: p.titleYue } : null };
}

/** The content of a draft before it is queued, for the preview: the same rendering recipients get. */
export async function draftContent(db: Db | Tx, draft: BroadcastDraft, now: Date): Promise<BroadcastContent> {
  const p = draft.petitionId ? await db.petition.findUnique({ where: { id: draft.petitionId } }) : null;
  const signable = p !== null && isSignable({ status: p.status as PetitionStatus, opensAt: p.opensAt, closesAt: p.closesAt }, now);
  return { textEn: draft.textEn, textYue: draft.textYue, petition: signable ? { slug: p.slug, titleEn: p.titleEn, titleYue: p.titleYue } : null };
}
