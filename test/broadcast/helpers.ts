/** Shared set-up for broadcast tests: apps with bots and admins configured, seeded audiences, a manual clock, waiting. */
import { randomBytes } from 'node:crypto';
import type { App, BroadcastProgress, Clock, Database, EventInput, InboundEvent } from '../../src';
import { queueBroadcast, type BroadcastDraft } from '../../src/broadcast';
import { Member } from '../helpers/member';

/** Bots "configured" (never contacted) so broadcasts target both platforms; admins by id and role. */
export const BOT_ENV = {
  TELEGRAM_BOT_TOKEN: '123456:TEST-token',
  TELEGRAM_ADMIN_IDS: '777001,777002',
  DISCORD_BOT_TOKEN: 'discord-test-token',
  DISCORD_APPLICATION_ID: '100000000000000001',
  DISCORD_ADMIN_ROLE_IDS: '900000000000000001',
  DISCORD_ADMIN_USER_IDS: '800000000000000001',
};

/** A clock the test moves by hand; sleeping yields but takes no time. */
export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    advance(ms) {
      t += ms;
    },
  };
}

/** A member whose events carry what an adapter fills in for groups and admin checks. */
export class ChatMember extends Member {
  constructor(app: () => App, userId: string, options: ConstructorParameters<typeof Member>[2], readonly extra: Partial<InboundEvent['actor']> = {}) {
    super(app, userId, options);
  }

  override event(input: EventInput, id?: string): InboundEvent {
    const base = super.event(input, id);
    return { ...base, actor: { ...base.actor, ...this.extra } };
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for the final summary (finishedAt is set just before it is published). */
export async function waitDone(app: App, id: string, timeoutMs = 30_000): Promise<BroadcastProgress> {
  return waitFor(`broadcast ${id} to finish`, async () => {
    const row = await app.db.prisma.broadcast.findUnique({ where: { id }, select: { finishedAt: true } });
    return row?.finishedAt ? app.broadcasts.progress(id) : null;
  }, timeoutMs);
}

let nextId = Math.floor(Math.random() * 1e6) * 1000;

/** Opted-in members written straight to the database, as the opt-in would (encrypted address). */
export async function seedMembers(app: App, platform: 'telegram' | 'discord', count: number, lang: (i: number) => 'en' | 'yue' = () => 'en'): Promise<string[]> {
  const ids: string[] = [];
  const base = 5_000_000_000 + nextId;
  nextId += count;
  const rows = Array.from({ length: count }, (_, i) => {
    const userId = String(base + i);
    ids.push(userId);
    return { memberHash: `test-${platform}-${randomBytes(8).toString('hex')}-${i}`, userId, lang: lang(i) };
  });
  await app.db.write(async (tx) => {
    await tx.memberPreference.createMany({ data: rows.map((r) => ({ memberHash: r.memberHash, updatesOptIn: true, lang: r.lang })) });
    await tx.memberAddress.createMany({ data: rows.map((r) => ({ memberHash: r.memberHash, platform, addressEnc: app.services.cipher.encrypt(r.userId), lang: r.lang })) });
  });
  return ids;
}

/** Subscribed groups or channels; returns their chat ids. */
export async function seedChannels(app: App, platform: 'telegram' | 'discord', count: number, lang: 'en' | 'yue' | 'both' = 'both', petitionId: string | null = null): Promise<string[]> {
  const base = nextId;
  nextId += count;
  const ids = Array.from({ length: count }, (_, i) => (platform === 'telegram' ? `-100${1_000_000_000 + base + i}` : `${100_000_000_000_000_000n + BigInt(base + i)}`));
  await app.db.write((tx) => tx.subscription.createMany({ data: ids.map((chatId) => ({ platform, chatId, lang, petitionId })) }));
  return ids;
}

export async function queue(app: App, draft: Partial<BroadcastDraft> = {}, author: { address: string; platform: 'telegram' | 'discord' } | null = null): Promise<{ id: string; total: number }> {
  const full: BroadcastDraft = { textEn: 'Council vote on Tuesday', textYue: '星期二議會投票', petitionId: null, audience: 'both', ...draft };
  const result = await app.db.write((tx) =>
    queueBroadcast(tx, {
      draft: full,
      author: author ? { platform: author.platform, memberHash: `author-${author.address}`, addressEnc: app.services.cipher.encrypt(author.address), lang: 'en' } : null,
      actor: 'test',
      platforms: ['telegram', 'discord'],
      now: new Date(),
    }),
  );
  return { id: result.id, total: result.summary.total };
}

/** Deliveries of a broadcast by status. */
export async function statuses(app: App, broadcastId: string): Promise<Record<string, number>> {
  const groups = await app.db.prisma.broadcastDelivery.groupBy({ by: ['status'], where: { broadcastId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/**
 * A database handle that can be frozen: from then on every call through it waits forever, like a
 * process that was killed (it never writes again, and its transactions in flight end first).
 */
export function freezable(db: Database): { db: Database; freeze(): void } {
  let frozen = false;
  const never = new Promise<never>(() => undefined);
  const guard = <F extends (...args: never[]) => unknown>(fn: F, self: unknown) =>
    ((...args: never[]) => (frozen ? never : fn.apply(self, args))) as F;
  const model = (m: object) =>
    new Proxy(m, { get: (target, key) => { const v = Reflect.get(target, key); return typeof v === 'function' ? guard(v as (...a: never[]) => unknown, target) : v; } });
  const prisma = new Proxy(db.prisma, {
    get(target, key) {
      const v = Reflect.get(target, key);
      if (typeof v === 'function') return guard(v as (...a: never[]) => unknown, target);
      return typeof v === 'object' && v !== null ? model(v) : v;
    },
  });
  return {
    db: { ...db, prisma, write: (fn) => (frozen ? never : db.write(fn)) },
    freeze() {
      frozen = true;
    },
  };
}
