/** Real databases for tests: a fresh SQLite file, and a fresh PostgreSQL database on the local server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export type Provider = 'sqlite' | 'postgresql';

/** The server CI provides. Outside CI a missing server skips the PostgreSQL half; under CI it fails. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export interface TestDatabase {
  provider: Provider;
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

export function tempDir(prefix = 'petition-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
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

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  const dataDir = tempDir();
  if (provider === 'sqlite') {
    return {
      provider,
      url: `file:${path.join(dataDir, 'petition.db')}`,
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `petition_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    provider,
    url: withDatabase(POSTGRES_ADMIN_URL, name),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const pgAvailable = await postgresReachable();
if (!pgAvailable && IN_CI) {
  throw new Error(`PostgreSQL is required under CI but ${POSTGRES_ADMIN_URL} is unreachable`);
}

/**
 * Declares the suite once per database. PostgreSQL is skipped (and says so) only outside CI.
 */
export function describeEachDatabase(name: string, suite: (provider: Provider) => void): void {
  describe(`${name} [sqlite]`, () => suite('sqlite'));
  if (pgAvailable) describe(`${name} [postgresql]`, () => suite('postgresql'));
  else describe.skip(`${name} [postgresql] (skipped: PostgreSQL unreachable at ${POSTGRES_ADMIN_URL})`, () => suite('postgresql'));
}
