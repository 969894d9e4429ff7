/** Applies the committed SQL migrations for the configured database at start-up, once, even with several processes starting. */
import { projectRoot } from '../paths';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sqlitePath } from './client';

export const migrationsRoot = path.join(projectRoot, 'prisma', 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Thrown when an applied migration's file changed afterwards: the database and the code disagree. */
export class MigrationDriftError extends Error {
  override name = 'MigrationDriftError';
}

export function listMigrations(provider: 'sqlite' | 'postgresql'): Migration[] {
  const dir = path.join(migrationsRoot, provider === 'sqlite' ? 'sqlite' : 'postgres');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const TABLE = '_app_migrations';

/** Returns the names of migrations applied by this call. */
export async function migrate(url: string): Promise<string[]> {
  return url.startsWith('file:') ? migrateSqlite(url) : migratePostgres(url);
}

function checkApplied(applied: Map<string, string>, all: Migration[]): Migration[] {
  for (const m of all) {
    const sum = applied.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new MigrationDriftError(`Migration ${m.name} was changed after it was applied. Write a new migration instead.`);
    }
  }
  return all.filter((m) => !applied.has(m.name));
}

function migrateSqlite(url: string): string[] {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file, { timeout: 15_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting together apply each migration once.
    const run = db.transaction(() => {
      const rows = db.prepare(`SELECT name, checksum FROM "${TABLE}"`).all() as { name: string; checksum: string }[];
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), listMigrations('sqlite'));
      for (const m of pending) {
        db.exec(m.sql);
        db.prepare(`INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
      }
      return pending.map((m) => m.name);
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    // A transaction-scoped advisory lock serialises concurrent starters; it is released at COMMIT.
    await client.query('SELECT pg_advisory_xact_lock(727274)');
    await client.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${TABLE}"`);
    const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), listMigrations('postgresql'));
    for (const m of pending) {
      await client.query(m.sql);
      await client.query(`INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES ($1, $2, now())`, [m.name, m.checksum]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.name);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
