/** Conversation state in the database, encrypted, with a version so that two processes cannot both advance it. */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/client';
import { rawDate, rawInt } from '../db/raw';
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

  // Raw SQL on this path: it runs on every event (see src/db/raw.ts for why).
  async load(tx: Tx, memberHash: string, now: Date): Promise<LoadedState> {
    const rows = await tx.$queryRaw<{ dataEnc: string; version: unknown; expiresAt: unknown }[]>`SELECT "dataEnc", "version", "expiresAt" FROM "ConversationState" WHERE "memberHash" = ${memberHash}`;
    const row = rows[0];
    if (!row) return { state: null, version: null, expired: false };
    const version = rawInt(row.version);
    if (rawDate(row.expiresAt) <= now) return { state: null, version, expired: true };
    return { state: JSON.parse(this.cipher.decrypt(row.dataEnc)) as FlowState, version, expired: false };
  }

  /** Writes next (or deletes when null) only if the row is still at the version we read. */
  async save(tx: Tx, memberHash: string, loaded: LoadedState, next: FlowState | null, now: Date): Promise<void> {
    if (next === null) {
      if (loaded.version === null) return;
      const count = await tx.$executeRaw`DELETE FROM "ConversationState" WHERE "memberHash" = ${memberHash} AND "version" = ${loaded.version}`;
      if (count === 0) throw new StateConflict();
      return;
    }
    const dataEnc = this.cipher.encrypt(JSON.stringify(next));
    const expiresAt = new Date(now.getTime() + this.idleMs);
    const count =
      loaded.version === null
        ? // Another process creating the row first makes this insert a no-op: a conflict, not an error.
          await tx.$executeRaw`INSERT INTO "ConversationState" ("memberHash", "dataEnc", "version", "updatedAt", "expiresAt") VALUES (${memberHash}, ${dataEnc}, 1, ${now}, ${expiresAt}) ON CONFLICT DO NOTHING`
        : await tx.$executeRaw`UPDATE "ConversationState" SET "dataEnc" = ${dataEnc}, "expiresAt" = ${expiresAt}, "updatedAt" = ${now}, "version" = "version" + 1 WHERE "memberHash" = ${memberHash} AND "version" = ${loaded.version}`;
    if (count === 0) throw new StateConflict();
  }

  async erase(tx: Tx, memberHash: string): Promise<number> {
    return (await tx.conversationState.deleteMany({ where: { memberHash } })).count;
  }
}
