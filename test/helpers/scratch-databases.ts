/** Fresh throw-away databases on real servers (a new SQLite file, a new PostgreSQL database), for tests and the bench alike. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type Provider = 'sqlite' | 'postgresql';

export interface ScratchDatabase {
  provider: Provider;
  url: string;
  /** A scratch folder for DATA_DIR (and the SQLite file). */
  dataDir: string;
  drop(): Promise<void>;
}

export async function postgresReachable(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
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

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** prefix names the temp folder and the PostgreSQL database, so leftovers say who made them. */
export async function createScratchDatabase(provider: Provider, options: { adminUrl: string; prefix: string }): Promise<ScratchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.prefix.replace(/_/g, '-')}`));
  const removeDir = (): void => fs.rmSync(dataDir, { recursive: true, force: true });
  if (provider === 'sqlite') {
    return { provider, url: `file:${path.join(dataDir, 'petition.db')}`, dataDir, drop: async () => removeDir() };
  }
  const name = `${options.prefix}${randomBytes(6).toString('hex')}`;
  await adminQuery(options.adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    dataDir,
    async drop() {
      await adminQuery(options.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      removeDir();
    },
  };
}
