/** Conversation state in the database, encrypted, with a version so that two processes cannot both advance it. */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/client';
import type { FieldCipher } from '../privacy/cipher';

/** Where a member is in a multi-step flow. data is the flow's own (it may hold a draft signature). */
export interface FlowState {
  flow: string;
  step: string;
  /** Changes with each new flow, so buttons from an older flow are recognised as stale. */
  nonce: string;
  data: Record<string, unknown>;
}

export interface LoadedState {
  state: FlowState | null;
  /** null when no row exists. */
  version: number | null;
  /** The stored flow had timed out; it has been dropped. */
  expired: boolean;
}

/** Thrown when another process changed the state first: the engine reloads and handles the event again. */
export class StateConflict extends Error {
  override name = 'StateConflict';
}

export function newNonce(): string {
  return randomBytes(4).toString('base64url');
}

export class StateStore {
  constructor(private readonly cipher: FieldCipher, private readonly idleMs: number) {}

  async load(tx: Tx, memberHash: string, now: Date): Promise<LoadedState> {
    const row = await tx.conversationState.findUnique({ where: { memberHash } });
    if (!row) return { state: null, version: null, expired: false };
    if (row.expiresAt <= now) return { state: null, version: row.version, expired: true };
    return { state: JSON.parse(this.cipher.decrypt(row.dataEnc)) as FlowState, version: row.version, expired: false };
  }

  /** Writes next (or deletes when null) only if the row is still at the version we read. */
  async save(tx: Tx, memberHash: string, loaded: LoadedState, next: FlowState | null, now: Date): Promise<void> {
    if (next === null) {
      if (loaded.version === null) return;
      const { count } = await tx.conversationState.deleteMany({ where: { memberHash, version: loaded.version } });
      if (count === 0) throw new StateConflict();
      return;
    }
    const dataEnc = this.cipher.encrypt(JSON.stringify(next));
    const expiresAt = new Date(now.getTime() + this.idleMs);
    if (loaded.version === null) {
      const existing = await tx.conversationState.findUnique({ where: { memberHash }, select: { version: true } });
      if (existing) throw new StateConflict();
      await tx.conversationState.create({ data: { memberHash, dataEnc, version: 1, expiresAt } });
      return;
    }
    const { count } = await tx.conversationState.updateMany({
      where: { memberHash, version: loaded.version },
      data: { dataEnc, expiresAt, version: { increment: 1 } },
    });
    if (count === 0) throw new StateConflict();
  }

  async erase(tx: Tx, memberHash: string): Promise<number> {
    return (await tx.conversationState.deleteMany({ where: { memberHash } })).count;
  }
}
