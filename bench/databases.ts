/** A fresh database per benchmark level: a new SQLite file, or a new database on the local PostgreSQL server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type Provider = 'sqlite' | 'postgresql';

/** The same server the tests use (README: TEST_POSTGRES_URL); BENCH_POSTGRES_URL overrides it for the bench alone. */
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  provider: Provider;
  url: string;
  /** A scratch folder for the bot's DATA_DIR (and the SQLite file). */
  dataDir: string;
  drop(): Promise<void>;
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createBenchDatabase(provider: Provider): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-bench-'));
  const removeDir = (): void => fs.rmSync(dataDir, { recursive: true, force: true });
  if (provider === 'sqlite') {
    return { provider, url: `file:${path.join(dataDir, 'petition.db')}`, dataDir, drop: async () => removeDir() };
  }
  const name = `petition_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    dataDir,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      removeDir();
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
