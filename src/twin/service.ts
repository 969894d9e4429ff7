/** Holds the in-memory twin index and rebuilds it when the 'twins' data version moves, in this process or another. */
import { isUniqueViolation, type Database, type Db, type Tx } from '../db/client';
import type { Logger } from '../log';
import { readTwinCsvFile, readTwinNamesFile, SHIPPED_TWIN_CSV, SHIPPED_TWIN_NAMES } from './load';
import type { TwinNames } from './names';
import type { CountrySummary } from './results';
import { bumpTwinVersion, countTwinLinks, readTwinLinks, readTwinVersion, replaceTwinLinks, sortTwinLinks } from './store';
import { TwinIndex } from './TwinIndex';
import type { TwinLink } from './types';

/** One built index and the data version it reflects. Never changes once made. */
export interface TwinSnapshot {
  readonly index: TwinIndex;
  readonly version: number;
  /** Countries by code, for labels ("Bristol, 英國"). */
  readonly countries: ReadonlyMap<string, CountrySummary>;
}

/** Admin changes made by another process show up within this long. */
export const DEFAULT_TWIN_CHECK_MS = 3000;

export interface TwinServiceOptions {
  names: TwinNames;
  /** Reads the data version at most this often (0: before every lookup). */
  checkIntervalMs?: number;
  /** Milliseconds, monotonic; injected by tests. */
  clock?: () => number;
  log?: Logger;
}

function snapshotOf(links: readonly TwinLink[], names: TwinNames, version: number): TwinSnapshot {
  const index = TwinIndex.build(links, names);
  return { index, version, countries: new Map(index.countries().map((o) => [o.country.id, o.country])) };
}

export class TwinService {
  private checkedAt: number;
  private pending: Promise<TwinSnapshot> | null = null;
  private readonly clock: () => number;
  private readonly interval: number;

  private constructor(private snapshot: TwinSnapshot, private readonly options: TwinServiceOptions) {
    this.clock = options.clock ?? (() => performance.now());
    this.interval = options.checkIntervalMs ?? DEFAULT_TWIN_CHECK_MS;
    this.checkedAt = this.clock();
  }

  /** Builds the index from the links in the database. */
  static async load(db: Db | Tx, options: TwinServiceOptions): Promise<TwinService> {
    const version = await readTwinVersion(db);
    const links = await readTwinLinks(db);
    return new TwinService(snapshotOf(links, options.names, version), options);
  }

  /** The version of the index answering now. */
  get version(): number {
    return this.snapshot.version;
  }

  /**
   * The snapshot to answer from. Past the check interval it reads the version (one primary-key
   * read, on the caller's transaction) and rebuilds when it moved. A failed check keeps the old
   * index answering: stale twin data beats no answer.
   */
  async current(db: Db | Tx): Promise<TwinSnapshot> {
    if (this.clock() - this.checkedAt < this.interval) return this.snapshot;
    // Events in flight together share one check.
    this.pending ??= this.check(db).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async check(db: Db | Tx): Promise<TwinSnapshot> {
    try {
      const version = await readTwinVersion(db);
      if (version !== this.snapshot.version) {
        // Version first, then links: the links are at least as new as the version recorded.
        const links = await readTwinLinks(db);
        this.snapshot = snapshotOf(links, this.options.names, version);
        this.options.log?.info({ version, links: links.length }, 'twin index rebuilt');
      }
      this.checkedAt = this.clock();
    } catch (error) {
      this.options.log?.warn({ err: error }, 'twin data version check failed; answering from the current index');
    }
    return this.snapshot;
  }
}

/**
 * Imports `load()`'s links when the TwinLink table is empty (first start). Safe to race: on SQLite
 * the write lock orders the processes, on PostgreSQL the loser hits the unique key and stands down.
 * Returns how many links were imported.
 */
export async function seedTwinLinks(database: Database, load: () => Promise<readonly TwinLink[]>): Promise<number> {
  if ((await countTwinLinks(database.prisma)) > 0) return 0;
  const links = sortTwinLinks(await load());
  try {
    return await database.write(async (tx) => {
      if ((await countTwinLinks(tx)) > 0) return 0;
      await replaceTwinLinks(tx, links);
      await bumpTwinVersion(tx);
      await tx.auditLog.create({ data: { actor: 'setup', action: 'twins.import', subject: 'twin-links.csv', details: JSON.stringify({ added: links.length }) } });
      return links.length;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return 0;
    throw error;
  }
}

export interface TwinSetupOptions {
  /** The CSV imported into an empty table; defaults to the project's data/twin-links.csv. */
  csvPath?: string;
  /** The names people type; defaults to the project's data/twin-names.yaml. */
  namesPath?: string;
  checkIntervalMs?: number;
  clock?: () => number;
}

/** At set-up: import the shipped CSV into an empty table, then build the index from the database. */
export async function setUpTwins(database: Database, log: Logger, options: TwinSetupOptions = {}): Promise<TwinService> {
  const names = await readTwinNamesFile(options.namesPath ?? SHIPPED_TWIN_NAMES);
  const imported = await seedTwinLinks(database, () => readTwinCsvFile(options.csvPath ?? SHIPPED_TWIN_CSV));
  if (imported > 0) log.info({ links: imported }, 'twin links imported');
  return TwinService.load(database.prisma, {
    names,
    log,
    ...(options.checkIntervalMs === undefined ? {} : { checkIntervalMs: options.checkIntervalMs }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
