/**
 * The broadcast sender. Every process may run one; they elect a single sender through a lease row
 * (sender-lease.ts), and only that process claims and sends, so the per-platform pacers it keeps in
 * memory are the deployment's whole rate budget. Other processes keep serving conversations and take
 * over within the lease's lifetime if the sender dies. Deliveries are still claimed with row leases
 * (queue.ts), so even two senders at once could never send one twice.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/client';
import type { Platform } from '../engine/types';
import type { Lang, Translator } from '../i18n/translator';
import type { Logger } from '../log';
import type { FieldCipher } from '../privacy/cipher';
import { dropAddress } from './addresses';
import { systemClock, type Clock } from './clock';
import { loadContent, progressOf } from './outbox';
import { Pacer } from './pacer';
import { DeliveryQueue, DEFAULT_QUEUE_OPTIONS, safeReason, type ClaimedDelivery, type QueueOptions } from './queue';
import { renderBroadcast, renderProgress, type BroadcastContent } from './render';
import { SenderLease } from './sender-lease';
import { moveChat, switchOff } from './subscriptions';
import type { BroadcastMessage, BroadcastProgress, BroadcastTransport, DeliveryTarget, SendOutcome } from './types';

export interface BroadcastWorkerOptions {
  db: Database;
  cipher: FieldCipher;
  translator: Translator;
  log: Logger;
  transports: BroadcastTransport[];
  clock?: Clock;
  /** This process in the sender lease. A stable id lets a restarted process take its lease back at once. */
  workerId?: string;
  /** Compete for the sender lease (default). false sends regardless: only for tests of the row leases. */
  elect?: boolean;
  senderLeaseMs?: number;
  queue?: Partial<QueueOptions>;
  /** Deliveries claimed at once, per platform. */
  claimBatch?: number;
  /** Sends started and not yet answered, per platform. */
  maxInFlight?: number;
  /** How often an idle worker looks for new deliveries, and housekeeping runs (recovery, progress). */
  pollMs?: number;
  progressEveryMs?: number;
  progressEveryDeliveries?: number;
  /** Tries for a delivery that keeps failing transiently (5xx, network) before it is failed. */
  maxAttempts?: number;
  retryBaseMs?: number;
  /**
   * A send with no answer after this long is recorded as unknown and its slot freed, so a hung
   * platform call cannot wedge the sender (default: 80% of the send lease). A late "sent" still counts.
   */
  sendTimeoutMs?: number;
  /** Called with each progress report and the final summary (logging, tests). */
  onProgress?: (progress: BroadcastProgress) => void;
}

/** The nearest chat slot further away than this gives a claimed delivery back to the queue. */
const HOLD_MS = 5000;
const CONTENT_TTL_MS = 60_000;
const MAX_RETRY_MS = 5 * 60_000;

interface Track {
  lastReportAt: number;
  doneSinceReport: number;
}

class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

export class BroadcastWorker {
  private readonly clock: Clock;
  private readonly queue: DeliveryQueue;
  private readonly lease: SenderLease;
  private readonly elect: boolean;
  private readonly pacers = new Map<Platform, Pacer>();
  private readonly content = new Map<string, { at: number; value: Promise<BroadcastContent | null> }>();
  private readonly tracks = new Map<string, Track>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly loops: Promise<void>[] = [];
  private running = false;
  private wakers: (() => void)[] = [];
  private readonly o: Required<Omit<BroadcastWorkerOptions, 'queue' | 'clock' | 'workerId' | 'onProgress' | 'elect'>>;

  constructor(private readonly options: BroadcastWorkerOptions) {
    this.clock = options.clock ?? systemClock;
    this.elect = options.elect ?? true;
    this.queue = new DeliveryQueue(options.db, this.clock, { ...DEFAULT_QUEUE_OPTIONS, ...options.queue });
    this.o = {
      db: options.db,
      cipher: options.cipher,
      translator: options.translator,
      log: options.log,
      transports: options.transports,
      senderLeaseMs: options.senderLeaseMs ?? 15_000,
      claimBatch: options.claimBatch ?? 100,
      maxInFlight: options.maxInFlight ?? 32,
      pollMs: options.pollMs ?? 250,
      progressEveryMs: options.progressEveryMs ?? 2000,
      progressEveryDeliveries: options.progressEveryDeliveries ?? 50,
      maxAttempts: options.maxAttempts ?? 6,
      retryBaseMs: options.retryBaseMs ?? 1000,
      sendTimeoutMs: options.sendTimeoutMs ?? 0.8 * (options.queue?.sendLeaseMs ?? DEFAULT_QUEUE_OPTIONS.sendLeaseMs),
    };
    const workerId = options.workerId ?? `worker-${randomBytes(6).toString('hex')}`;
    this.lease = new SenderLease(options.db, workerId, this.clock, this.o.senderLeaseMs);
    for (const t of options.transports) {
      if (this.pacers.has(t.platform)) throw new Error(`Two broadcast transports for ${t.platform}: give the worker one per platform`);
      this.pacers.set(t.platform, new Pacer(t.policy, this.clock));
    }
  }

  /** Whether this process may send now. */
  get isSender(): boolean {
    return !this.elect || this.lease.held;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.loops.push(this.supervise());
    for (const t of this.o.transports) this.loops.push(this.platformLoop(t));
    return this;
  }

  /** Looks for work now instead of at the next poll (after queueing a broadcast in this process). */
  wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }

  /** Stops claiming, gives back what is claimed and not started, waits for sends in flight, hands the lease on. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    if (this.elect) await this.lease.release().catch((error: unknown) => this.o.log.warn({ err: error }, 'broadcast: releasing the sender lease failed'));
  }

  private wait(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakers.push(resolve);
      void this.clock.sleep(ms).then(resolve);
    });
  }

  // ── Election and housekeeping ────────────────────────────────────────────

  private async supervise(): Promise<void> {
    let lastRenew = -Infinity;
    while (this.running) {
      try {
        if (this.elect && (!this.lease.held || this.clock.now() - lastRenew >= this.o.senderLeaseMs / 3)) {
          const was = this.lease.held;
          if (await this.lease.acquire()) {
            lastRenew = this.clock.now();
            if (!was) {
              this.o.log.info('broadcast: this process is now the sender');
              this.wake();
            }
          } else if (was) this.o.log.info('broadcast: another process is now the sender');
        }
        if (this.isSender) await this.housekeeping();
      } catch (error) {
        this.o.log.warn({ err: error }, 'broadcast: housekeeping failed');
      }
      await this.wait(this.o.pollMs);
    }
  }

  private async housekeeping(): Promise<void> {
    for (const t of this.o.transports) {
      const { unknown, retried } = await this.queue.recover(t.platform, t.idempotent === true);
      if (unknown + retried > 0) this.o.log.warn({ platform: t.platform, unknown, retried }, 'broadcast: sends interrupted by a crash');
    }
    for (const p of this.pacers.values()) p.prune();
    const active = await this.o.db.prisma.broadcast.findMany({
      where: { OR: [{ status: { in: ['queued', 'sending'] } }, { finishedAt: null }] },
      select: { id: true, status: true },
    });
    for (const b of active) await this.report(b.id, b.status);
  }

  /** Reports progress when due, and the final summary exactly once (whichever process gets there first). */
  private async report(id: string, status: string): Promise<void> {
    const db = this.o.db;
    const now = this.clock.now();
    const progress = await progressOf(db.prisma, id);
    if (!progress) return;
    const track = this.tracks.get(id) ?? { lastReportAt: 0, doneSinceReport: 0 };
    this.tracks.set(id, track);
    if (progress.done) {
      const finalStatus = status === 'cancelled' ? 'cancelled' : 'done';
      const claimed = await db.write(async (tx) => {
        const { count } = await tx.broadcast.updateMany({ where: { id, finishedAt: null }, data: { finishedAt: new Date(now), status: finalStatus } });
        if (count === 1) {
          const { broadcastId: _id, done: _done, status: _s, ...counts } = progress;
          await tx.auditLog.create({ data: { actor: 'worker', action: 'broadcast.finished', subject: id, details: JSON.stringify({ status: finalStatus, ...counts }) } });
        }
        return count === 1;
      });
      this.tracks.delete(id);
      this.content.delete(id);
      if (claimed) await this.publish({ ...progress, status: finalStatus });
      return;
    }
    if (status === 'queued' && progress.total - progress.remaining > 0) {
      await db.write((tx) => tx.broadcast.updateMany({ where: { id, status: 'queued' }, data: { status: 'sending', startedAt: new Date(now) } }));
      progress.status = 'sending';
    }
    const due = now - track.lastReportAt >= this.o.progressEveryMs || track.doneSinceReport >= this.o.progressEveryDeliveries;
    if (!due || progress.total === progress.remaining) return;
    track.lastReportAt = now;
    track.doneSinceReport = 0;
    await this.publish(progress);
  }

  /** Hands a report to onProgress and to the author's progress message (one message, edited). */
  private async publish(progress: BroadcastProgress): Promise<void> {
    this.options.onProgress?.(progress);
    const b = await this.o.db.prisma.broadcast.findUnique({
      where: { id: progress.broadcastId },
      select: { authorHash: true, authorPlatform: true, authorAddressEnc: true, authorLang: true, progressMessageId: true },
    });
    if (!b?.authorPlatform || !b.authorAddressEnc) return;
    const transport = this.o.transports.find((t) => t.platform === b.authorPlatform);
    const pacer = this.pacers.get(b.authorPlatform as Platform);
    if (!transport?.showProgress || !pacer) return;
    try {
      const address = this.o.cipher.decrypt(b.authorAddressEnc);
      const message = renderProgress(this.o.translator, (b.authorLang ?? 'en') as Lang, progress);
      // Paced as the author's chat, under the same key their own deliveries use.
      const target: DeliveryTarget = { kind: 'member', platform: transport.platform, address: b.authorHash ? `m:${b.authorHash}` : address };
      let shown: Promise<{ messageId: string } | null> = Promise.resolve(null);
      await pacer.turn(target, async () => ({
        fire: () => {
          shown = transport.showProgress!({ address, ...(b.progressMessageId ? { messageId: b.progressMessageId } : {}), ...message });
        },
        undo: async () => undefined,
      }));
      const result = await shown;
      if (result && result.messageId !== b.progressMessageId) {
        await this.o.db.write((tx) => tx.broadcast.update({ where: { id: progress.broadcastId }, data: { progressMessageId: result.messageId } }));
      }
    } catch (error) {
      this.o.log.warn({ err: error, broadcast: progress.broadcastId }, 'broadcast: progress message failed');
    }
  }

  // ── Sending ───────────────────────────────────────────────────────────────

  private async platformLoop(transport: BroadcastTransport): Promise<void> {
    const platform = transport.platform;
    const pacer = this.pacers.get(platform)!;
    const slots = new Semaphore(this.o.maxInFlight);
    /** Chats with a send waiting for its turn: one at a time per chat, so no turn blocks the others. */
    const busy = new Set<string>();
    let buffer: ClaimedDelivery[] = [];
    const giveBack = async (rows: ClaimedDelivery[], at?: (d: ClaimedDelivery) => number): Promise<void> => {
      try {
        await this.queue.release(rows, at);
      } catch (error) {
        this.o.log.warn({ err: error, platform }, 'broadcast: giving back claimed deliveries failed (their lease will expire)');
      }
    };
    while (this.running) {
      try {
        if (!this.isSender) {
          if (buffer.length > 0) await giveBack(buffer);
          buffer = [];
          await this.wait(this.o.pollMs);
          continue;
        }
        const now = this.clock.now();
        const ready = (d: ClaimedDelivery): boolean => !busy.has(d.targetKey) && pacer.chatReadyAt(this.targetOf(d, false)) <= now;
        if (buffer.filter(ready).length < this.o.claimBatch / 4 && buffer.length < this.o.claimBatch * 2) {
          buffer.push(...(await this.queue.claim(platform, this.o.claimBatch)));
        }
        const index = buffer.findIndex(ready);
        if (index === -1) {
          if (buffer.length === 0) {
            await this.wait(this.o.pollMs);
            continue;
          }
          // Everything claimed waits for its chat: give back what waits long, sleep until the nearest.
          const readyAt = (d: ClaimedDelivery): number => pacer.chatReadyAt(this.targetOf(d, false));
          const far = buffer.filter((d) => !busy.has(d.targetKey) && readyAt(d) > now + HOLD_MS);
          if (far.length > 0) {
            await giveBack(far, readyAt);
            buffer = buffer.filter((d) => !far.includes(d));
          }
          const nearest = Math.min(...buffer.filter((d) => !busy.has(d.targetKey)).map(readyAt), now + this.o.pollMs);
          await this.wait(Math.max(1, nearest - now));
          continue;
        }
        const [d] = buffer.splice(index, 1);
        await slots.acquire();
        busy.add(d!.targetKey);
        const task = this.deliver(transport, pacer, d!, () => busy.delete(d!.targetKey)).finally(() => {
          busy.delete(d!.targetKey);
          slots.release();
          this.inFlight.delete(task);
        });
        this.inFlight.add(task);
      } catch (error) {
        this.o.log.warn({ err: error, platform }, 'broadcast: sending loop failed; retrying');
        await this.wait(this.o.pollMs);
      }
    }
    await giveBack(buffer);
  }

  /** The target as the transport sees it; addresses are decrypted only here, for the call. */
  private targetOf(d: ClaimedDelivery, decrypt: boolean): DeliveryTarget {
    if (d.kind === 'channel') return { kind: 'channel', platform: d.platform, chatId: d.chatId ?? '' };
    // For pacing, the member hash ("m:<hash>") stands for the member, so no address is decrypted to pace.
    return { kind: 'member', platform: d.platform, address: decrypt ? this.o.cipher.decrypt(d.addressEnc ?? '') : d.targetKey };
  }

  private async messageFor(d: ClaimedDelivery): Promise<BroadcastMessage | null> {
    const now = this.clock.now();
    let entry = this.content.get(d.broadcastId);
    if (!entry || now - entry.at > CONTENT_TTL_MS) {
      entry = { at: now, value: loadContent(this.o.db.prisma, d.broadcastId, new Date(now)) };
      this.content.set(d.broadcastId, entry);
      entry.value.catch(() => this.content.delete(d.broadcastId));
    }
    const content = await entry.value;
    return content ? renderBroadcast(this.o.translator, content, d.lang) : null;
  }

  private async deliver(transport: BroadcastTransport, pacer: Pacer, d: ClaimedDelivery, turnTaken: () => void): Promise<void> {
    try {
      const message = await this.messageFor(d);
      let target: DeliveryTarget;
      try {
        target = this.targetOf(d, true);
      } catch {
        if (await this.queue.start(d)) await this.queue.failed(d, 'the stored address could not be decrypted with this key');
        return;
      }
      if (!message) return;
      const pacing = d.kind === 'member' ? { ...target, address: d.targetKey } : target;
      let sending: Promise<SendOutcome> | undefined;
      const started = await pacer.turn(pacing, async () => {
        if (!(await this.queue.start(d))) return null;
        return {
          fire: () => {
            sending = transport.send({ target, message, idempotencyKey: d.id }).catch(
              (error: unknown): SendOutcome => ({ kind: 'unknown', reason: `transport threw: ${error instanceof Error ? error.message : String(error)}` }),
            );
          },
          undo: () => this.queue.unstart(d),
        };
      });
      turnTaken();
      if (!started || !sending) return;
      const answer: Promise<SendOutcome> = sending;
      const outcome = await Promise.race([
        answer,
        this.clock.sleep(this.o.sendTimeoutMs).then((): SendOutcome => ({ kind: 'unknown', reason: `no answer within ${Math.round(this.o.sendTimeoutMs / 1000)} s` })),
      ]);
      await this.settle(pacer, d, pacing, outcome);
      if (outcome.kind === 'unknown') {
        // Should the platform answer after all, a delivery is recorded as what it was.
        void answer.then((late) => (late.kind === 'sent' ? this.queue.sent(d, late.messageId) : undefined)).catch(() => undefined);
      }
      const track = this.tracks.get(d.broadcastId);
      if (track) track.doneSinceReport++;
    } catch (error) {
      // A database failure: the row keeps its lease state and is recovered when the lease expires.
      this.o.log.warn({ err: error, delivery: d.id }, 'broadcast: delivery failed inside the worker');
    }
  }

  /** Records what the platform said; retried a few times, because a lost "sent" would make it unknown. */
  private async settle(pacer: Pacer, d: ClaimedDelivery, pacing: DeliveryTarget, outcome: SendOutcome): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.record(pacer, d, pacing, outcome);
      } catch (error) {
        if (attempt >= 5) throw error;
        await this.clock.sleep(100 * 2 ** attempt);
      }
    }
  }

  private async record(pacer: Pacer, d: ClaimedDelivery, pacing: DeliveryTarget, outcome: SendOutcome): Promise<void> {
    const now = new Date(this.clock.now());
    switch (outcome.kind) {
      case 'sent':
        return this.queue.sent(d, outcome.messageId);
      case 'rateLimited': {
        const wait = Math.max(0, outcome.retryAfterMs);
        pacer.pause(wait, outcome.scope === 'chat' ? pacing : undefined);
        this.o.log.warn({ platform: d.platform, retryAfterMs: wait, scope: outcome.scope ?? 'global' }, 'broadcast: rate limited by the platform');
        return this.queue.retry(d, wait, `rate limited: retry after ${wait} ms`);
      }
      case 'transient': {
        const attempts = d.attempts + 1;
        if (attempts >= this.o.maxAttempts) return this.queue.failed(d, `gave up after ${attempts} tries: ${outcome.reason}`);
        const backoff = Math.min(MAX_RETRY_MS, this.o.retryBaseMs * 2 ** (attempts - 1)) * (0.75 + Math.random() * 0.5);
        return this.queue.retry(d, backoff, outcome.reason);
      }
      case 'permanent':
        await this.queue.failed(d, outcome.reason);
        if (outcome.targetGone) await this.targetGone(d, outcome.reason, now);
        return;
      case 'moved':
        if (d.chatId) await this.o.db.write((tx) => moveChat(tx, { platform: d.platform, chatId: d.chatId! }, outcome.chatId, now));
        return this.queue.retry(d, 0, `chat moved`, { chatId: outcome.chatId });
      case 'unknown':
        return this.queue.failed(d, outcome.reason, 'unknown');
    }
  }

  /** The bot was removed or blocked: the subscription is switched off, or the member's address dropped. */
  private async targetGone(d: ClaimedDelivery, reason: string, now: Date): Promise<void> {
    const why = safeReason(reason);
    await this.o.db.write(async (tx) => {
      if (d.kind === 'channel' && d.chatId) {
        await switchOff(tx, { platform: d.platform, chatId: d.chatId }, why, now);
        await tx.auditLog.create({ data: { actor: 'worker', action: 'subscription.off', subject: `${d.platform}:${d.chatId}`, details: JSON.stringify({ reason: why }) } });
      } else if (d.targetKey.startsWith('m:')) {
        const memberHash = d.targetKey.slice(2);
        await dropAddress(tx, memberHash, why);
        await tx.memberPreference.updateMany({ where: { memberHash }, data: { updatesOptIn: false } });
      }
    });
    this.o.log.info({ platform: d.platform, kind: d.kind }, 'broadcast: target gone, switched off');
  }
}
