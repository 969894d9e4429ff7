/** Version counters for data sets that processes cache in memory (petitions, twin links): bump on change, compare to reload. */
import type { Db, Tx } from './client';

/** The current version; 0 when the data set was never written. One primary-key read. */
export async function readDataVersion(db: Db | Tx, name: string): Promise<number> {
  const row = await db.dataVersion.findUnique({ where: { name }, select: { version: true } });
  return row?.version ?? 0;
}

/** Marks a data set as changed, in the same transaction as the change; returns the new version. */
export async function bumpDataVersion(tx: Db | Tx, name: string): Promise<number> {
  const row = await tx.dataVersion.upsert({
    where: { name },
    create: { name, version: 1 },
    update: { version: { increment: 1 } },
    select: { version: true },
  });
  return row.version;
}
