/** Real databases for tests: a fresh SQLite file, and a fresh PostgreSQL database on the local server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { createScratchDatabase, postgresReachable as reachable, type Provider, type ScratchDatabase } from './scratch-databases';

export type { Provider };

/** The server CI provides. Outside CI a missing server skips the PostgreSQL half; under CI it fails. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export type TestDatabase = ScratchDatabase;

export function tempDir(prefix = 'petition-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function postgresReachable(): Promise<boolean> {
  return reachable(POSTGRES_ADMIN_URL);
}

export function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  return createScratchDatabase(provider, { adminUrl: POSTGRES_ADMIN_URL, prefix: 'petition_test_' });
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
