/** Signatures: sign once per member and petition, list mine, withdraw, erase. Personal fields are encrypted here. */
import type { Db, Tx } from '../db/client';
import type { FieldCipher } from '../privacy/cipher';
import type { Platform } from '../privacy/identity';

export interface SignatureDraft {
  name: string;
  email?: string;
  postcode?: string;
}

export type SignOutcome =
  | { kind: 'signed'; signatureId: string; signedAt: Date; count: number }
  | { kind: 'already'; signatureId: string; signedAt: Date };

export interface MySignature {
  id: string;
  petitionId: string;
  slug: string;
  titleEn: string;
  titleYue: string;
  signedAt: Date;
}

export class SignatureService {
  constructor(private readonly cipher: FieldCipher) {}

  async find(db: Db | Tx, petitionId: string, memberHash: string) {
    return db.signature.findUnique({ where: { petitionId_signerHash: { petitionId, signerHash: memberHash } }, select: { id: true, createdAt: true } });
  }

  /**
   * Checks before inserting: on PostgreSQL a failed insert poisons the transaction. A race with
   * another process still ends in the unique constraint, and the engine retries the whole event.
   */
  async sign(tx: Tx, input: { petitionId: string; memberHash: string; platform: Platform; lang: string; draft: SignatureDraft }): Promise<SignOutcome> {
    const existing = await this.find(tx, input.petitionId, input.memberHash);
    if (existing) return { kind: 'already', signatureId: existing.id, signedAt: existing.createdAt };
    const row = await tx.signature.create({
      data: {
        petitionId: input.petitionId,
        signerHash: input.memberHash,
        nameEnc: this.cipher.encrypt(input.draft.name),
        emailEnc: this.cipher.encryptOptional(input.draft.email),
        postcodeEnc: this.cipher.encryptOptional(input.draft.postcode),
        platform: input.platform,
        lang: input.lang,
      },
      select: { id: true, createdAt: true },
    });
    const count = await tx.signature.count({ where: { petitionId: input.petitionId } });
    return { kind: 'signed', signatureId: row.id, signedAt: row.createdAt, count };
  }

  async mine(db: Db | Tx, memberHash: string): Promise<MySignature[]> {
    const rows = await db.signature.findMany({
      where: { signerHash: memberHash },
      orderBy: { createdAt: 'asc' },
      select: { id: true, petitionId: true, createdAt: true, petition: { select: { slug: true, titleEn: true, titleYue: true } } },
    });
    return rows.map((r) => ({ id: r.id, petitionId: r.petitionId, slug: r.petition.slug, titleEn: r.petition.titleEn, titleYue: r.petition.titleYue, signedAt: r.createdAt }));
  }

  /** Deletes the row outright: a withdrawn signature leaves nothing behind. */
  async withdraw(db: Db | Tx, memberHash: string, signatureId: string): Promise<boolean> {
    const result = await db.signature.deleteMany({ where: { id: signatureId, signerHash: memberHash } });
    return result.count > 0;
  }

  async eraseAll(db: Db | Tx, memberHash: string): Promise<number> {
    const result = await db.signature.deleteMany({ where: { signerHash: memberHash } });
    return result.count;
  }
}
