/** The twin service on both databases: racing first imports, the cheap version check, rebuilds, and riding out a failed check. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, silentLogger, type Database, type Db } from '../../src';
import { migrate } from '../../src/db/migrate';
import { bumpTwinVersion, readTwinVersion, saveTwinLink, seedTwinLinks, TwinService } from '../../src/twin';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../helpers/databases';
import { links, names } from './fixtures';

describeEachDatabase('twin service', (provider) => {
  let tdb: TestDatabase;
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    await migrate(tdb.url);
    // Two handles stand for two processes starting at once.
    [a, b] = await Promise.all([openDatabase(tdb.url), openDatabase(tdb.url)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await tdb?.drop();
  });

  it('GIVEN two processes starting on an empty table THEN the links are imported exactly once', async () => {
    const seed = (db: Database) => seedTwinLinks(db, async () => links);
    // better-sqlite3 waits for a lock synchronously, so two handles in one process cannot race on
    // SQLite (two processes can: the busy timeout orders them). PostgreSQL races for real.
    const results = provider === 'postgresql' ? await Promise.all([seed(a), seed(b)]) : [await seed(a), await seed(b)];
    expect(results.filter((n) => n > 0)).toEqual([links.length]);
    expect(await a.prisma.twinLink.count()).toBe(links.length);
    expect(await readTwinVersion(a.prisma)).toBe(1);
    expect(await seedTwinLinks(a, async () => links)).toBe(0);
  });

  it('GIVEN a change by another process THEN the index is rebuilt at the first lookup after the check interval, not before', async () => {
    let now = 0;
    const service = await TwinService.load(a.prisma, { names, checkIntervalMs: 1000, clock: () => now, log: silentLogger });
    const first = await service.current(a.prisma);
    expect(first.version).toBe(1);
    const bristol = links.find((l) => l.city === 'Bristol')!;
    await b.write(async (tx) => {
      await saveTwinLink(tx, bristol, { ...bristol, status: 'ended', endedYear: 2026 });
      await bumpTwinVersion(tx);
    });
    now = 999;
    expect(await service.current(a.prisma)).toBe(first);
    now = 1000;
    const [x, y] = await Promise.all([service.current(a.prisma), service.current(a.prisma)]);
    expect(x).toBe(y);
    expect(x.version).toBe(2);
    const answer = x.index.lookup('Bristol');
    expect(answer.kind === 'place' && answer.links[0]?.link).toMatchObject({ status: 'ended', endedYear: 2026 });
    now = 2500;
    expect(await service.current(a.prisma)).toBe(x);
  });

  it('GIVEN the database is unreachable at a check THEN the current index keeps answering', async () => {
    let now = 0;
    const service = await TwinService.load(a.prisma, { names, checkIntervalMs: 10, clock: () => now, log: silentLogger });
    const before = await service.current(a.prisma);
    const down = { dataVersion: { findUnique: () => Promise.reject(new Error('connection refused')) } } as unknown as Db;
    now = 100;
    expect(await service.current(down)).toBe(before);
    expect(before.index.lookup('Prague').kind).toBe('place');
  });
});
