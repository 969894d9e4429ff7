/** The storage ceiling: raw single-row Signature inserts through Prisma (the app's own client setup) on a fresh database. */
import { randomBytes } from 'node:crypto';
import { migrate, openDatabase } from '../src';
import { createBenchDatabase, type Provider } from './databases';
import { round } from './stats';

export interface StorageResult {
  db: Provider;
  concurrency: number;
  measuredSeconds: number;
  insertsPerSecond: number;
  errors: number;
}

/** Ciphertext-shaped values (v1.iv.tag.data), so rows are the size the bot writes. */
function sealedLike(bytes: number): string {
  const part = (n: number): string => randomBytes(n).toString('base64url');
  return ['v1', part(12), part(16), part(bytes)].join('.');
}

export async function storageCeiling(provider: Provider, concurrency: number, measureMs: number, warmupMs = 300): Promise<StorageResult> {
  const bench = await createBenchDatabase(provider);
  try {
    await migrate(bench.url);
    const db = await openDatabase(bench.url);
    try {
      const petition = await db.prisma.petition.create({
        data: {
          slug: 'storage-ceiling',
          titleEn: 'Storage ceiling', titleYue: 'Storage ceiling', summaryEn: '-', summaryYue: '-', textEn: '-', textYue: '-',
          eligibilityEn: '-', eligibilityYue: '-', recipient: '-', goal: 1000, status: 'open',
        },
        select: { id: true },
      });
      const nameEnc = sealedLike(14);
      const postcodeEnc = sealedLike(7);
      let sequence = 0;
      let inserted = 0;
      let errors = 0;
      // Time is read, not waited for: on SQLite every query completes in microtasks and no timer would fire.
      const start = Date.now() + warmupMs;
      const end = start + measureMs;
      const worker = async (): Promise<void> => {
        while (Date.now() < end) {
          try {
            // As SignatureService.sign writes it: one row, its own statement (autocommit), id and time back.
            await db.prisma.signature.create({
              data: { petitionId: petition.id, signerHash: `ceiling-${sequence++}`, nameEnc, postcodeEnc, platform: 'telegram', lang: 'en' },
              select: { id: true, createdAt: true },
            });
            const now = Date.now();
            if (now >= start && now < end) inserted++;
          } catch {
            errors++;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return { db: provider, concurrency, measuredSeconds: measureMs / 1000, insertsPerSecond: round(inserted / (measureMs / 1000)), errors };
    } finally {
      await db.close();
    }
  } finally {
    await bench.drop();
  }
}
