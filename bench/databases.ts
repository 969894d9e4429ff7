/** A fresh database per benchmark level: a new SQLite file, or a new database on the local PostgreSQL server. */
import { createScratchDatabase, postgresReachable as reachable, type Provider, type ScratchDatabase } from '../test/helpers/scratch-databases';

export type { Provider };

/** The same server the tests use (README: TEST_POSTGRES_URL); BENCH_POSTGRES_URL overrides it for the bench alone. */
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export type BenchDatabase = ScratchDatabase;

export function postgresReachable(): Promise<boolean> {
  return reachable(POSTGRES_ADMIN_URL);
}

export function createBenchDatabase(provider: Provider): Promise<BenchDatabase> {
  return createScratchDatabase(provider, { adminUrl: POSTGRES_ADMIN_URL, prefix: 'petition_bench_' });
}
