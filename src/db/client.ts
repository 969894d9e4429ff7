/** The one place a database client is built: SQLite (better-sqlite3, WAL) or PostgreSQL (pg), chosen by DATABASE_URL. */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient, Prisma } from '../generated/sqlite/client';

/**
 * Both generated clients expose the same API because the schemas differ only in provider;
 * the SQLite one's type stands for both.
 */
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

export interface Database {
  prisma: Db;
  provider: 'sqlite' | 'postgresql';
  url: string;
  /** An interactive transaction that will write: use it for every read-then-write unit of work. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * SQLite starts transactions deferred: two processes that both read and then write deadlock, and
 * one fails at once with SQLITE_BUSY instead of waiting. A no-op write as the first statement takes
 * the write lock up front (waiting on the busy timeout), which is what BEGIN IMMEDIATE would do.
 */
const TAKE_SQLITE_WRITE_LOCK = 'UPDATE "_app_migrations" SET name = name WHERE 0';

/** Interactive transactions queue behind one another on SQLite's single connection: wait, don't fail. */
const transactionOptions = { maxWait: 60_000, timeout: 60_000 };

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '');
}

export async function openDatabase(url: string): Promise<Database> {
  if (url.startsWith('file:')) {
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
    const prisma = new SqliteClient({ adapter, transactionOptions });
    // WAL lets readers in other processes (admin CLI, a second instance) work beside the writer;
    // synchronous=NORMAL is durable across crashes of the process in WAL mode, and much faster.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    return {
      prisma,
      provider: 'sqlite',
      url,
      write: (fn) =>
        prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(TAKE_SQLITE_WRITE_LOCK);
          return fn(tx);
        }),
      close: () => prisma.$disconnect(),
    };
  }
  // Loaded only when used: each generated client carries its own query compiler, and the
  // embedded default should not pay for PostgreSQL's in memory.
  const { PrismaClient: PostgresClient } = await import('../generated/postgres/client');
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  const prisma = new PostgresClient({ adapter, transactionOptions }) as unknown as Db;
  return { prisma, provider: 'postgresql', url, write: (fn) => prisma.$transaction(fn), close: () => prisma.$disconnect() };
}

/**
 * True for failures that a fresh attempt can clear: a busy SQLite file (P1008) or a PostgreSQL
 * serialization conflict or deadlock (P2034).
 */
export function isTransient(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return code === 'P1008' || code === 'P2034';
}

/** True when the error is a unique-constraint violation (P2002) on either database. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002'
  );
}
