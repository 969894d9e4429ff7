/** One bot's pending updates: ids, allowed_updates filtering, offset confirmation, and the single long poll. */
import type { Update } from 'grammy/types';

export type UpdateType = Exclude<keyof Update, 'update_id'>;

/** What a bot receives when allowed_updates is empty or was never set. */
const NOT_BY_DEFAULT: readonly string[] = ['chat_member', 'message_reaction', 'message_reaction_count'];

export type PollOutcome = 'ready' | 'timeout' | 'aborted' | 'terminated' | 'webhook';

export class UpdateQueue {
  private pending: Update[] = [];
  private allowed: ReadonlySet<string> | undefined;
  private readonly listeners = new Set<() => void>();
  private poll: ((outcome: PollOutcome) => void) | undefined;

  constructor(private nextId: number) {}

  /**
   * Queues an update (assigning update_id when missing). Like Telegram, an update whose type the bot did
   * not allow is never created: it returns undefined.
   */
  push(update: Omit<Update, 'update_id'> & { update_id?: number }): Update | undefined {
    const type = updateType(update);
    if (type !== undefined && !this.isAllowed(type)) return undefined;
    const full = { ...update, update_id: update.update_id ?? this.nextId } as Update;
    this.nextId = Math.max(this.nextId, full.update_id + 1);
    this.pending.push(full);
    for (const listener of [...this.listeners]) listener();
    return structuredClone(full);
  }

  /** Reserves the next update_id without queueing (for raw webhook posts). */
  takeId(): number {
    return this.nextId++;
  }

  /** getUpdates' offset: a positive offset forgets every earlier update; a negative one keeps only the last -offset. */
  confirm(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((update) => update.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
  }

  peek(limit: number): Update[] {
    return this.pending.slice(0, limit);
  }

  /** Removes and returns the update with that id (webhook delivery succeeded or gave up). */
  remove(updateId: number): void {
    this.pending = this.pending.filter((update) => update.update_id !== updateId);
  }

  dropAll(): number {
    const dropped = this.pending.length;
    this.pending = [];
    return dropped;
  }

  get size(): number {
    return this.pending.length;
  }

  all(): readonly Update[] {
    return this.pending;
  }

  /** `allowed_updates` as sent: undefined keeps the previous choice, [] restores the default. */
  setAllowed(types: readonly string[] | undefined): void {
    if (types === undefined) return;
    const known = types.map((type) => type.toLowerCase());
    this.allowed = known.length === 0 ? undefined : new Set(known);
  }

  allowedList(): string[] | undefined {
    return this.allowed ? [...this.allowed] : undefined;
  }

  isAllowed(type: string): boolean {
    return this.allowed ? this.allowed.has(type) : !NOT_BY_DEFAULT.includes(type);
  }

  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Waits for an update as one long poll. Telegram allows one per bot: starting a new one ends the old one
   * ("terminated"), as does setWebhook ("webhook").
   */
  waitForUpdate(timeoutMs: number, signal: AbortSignal): Promise<PollOutcome> {
    this.poll?.('terminated');
    return new Promise((resolve) => {
      const finish = (outcome: PollOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        stopListening();
        if (this.poll === finish) this.poll = undefined;
        resolve(outcome);
      };
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      timer.unref();
      const stopListening = this.onPush(() => finish('ready'));
      signal.addEventListener('abort', onAbort);
      this.poll = finish;
      if (signal.aborted) finish('aborted');
    });
  }

  /** Ends the running long poll, if any (setWebhook does this). */
  endPoll(outcome: PollOutcome): void {
    this.poll?.(outcome);
  }
}

export function updateType(update: object): UpdateType | undefined {
  return Object.keys(update).find((key) => key !== 'update_id') as UpdateType | undefined;
}
