/** Whether the database answers: the check behind GET /healthz. */
import type { Db } from '../db/client';

/** A hung database must not hang the probe: give up after timeoutMs. */
export async function databaseReachable(db: Db, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([db.$queryRawUnsafe('SELECT 1').then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
