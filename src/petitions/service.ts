/** Petitions in the database: lookup, listing with counts, import from files, status changes. */
import type { Db, Tx } from '../db/client';
import { bumpDataVersion, readDataVersion } from '../db/data-version';
import type { Lang } from '../i18n/translator';
import type { PetitionFile, PetitionStatus, AskLevel } from './schema';

export interface PetitionView {
  id: string;
  slug: string;
  title: string;
  summary: string;
  text: string;
  eligibility: string;
  recipient: string;
  officialUrl: string | null;
  goal: number;
  status: PetitionStatus;
  opensAt: Date | null;
  closesAt: Date | null;
  askEmail: AskLevel;
  askPostcode: AskLevel;
  place: string | null;
}

type Row = NonNullable<Awaited<ReturnType<Db['petition']['findUnique']>>>;

export function viewPetition(row: Row, lang: Lang): PetitionView {
  const yue = lang === 'yue';
  return {
    id: row.id,
    slug: row.slug,
    title: yue ? row.titleYue : row.titleEn,
    summary: yue ? row.summaryYue : row.summaryEn,
    text: yue ? row.textYue : row.textEn,
    eligibility: yue ? row.eligibilityYue : row.eligibilityEn,
    recipient: row.recipient,
    officialUrl: row.officialUrl,
    goal: row.goal,
    status: row.status as PetitionStatus,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    askEmail: row.askEmail as AskLevel,
    askPostcode: row.askPostcode as AskLevel,
    place: row.place,
  };
}

/** Open means status open and within its dates. */
export function isSignable(p: Pick<PetitionView, 'status' | 'opensAt' | 'closesAt'>, now: Date): boolean {
  return p.status === 'open' && (!p.opensAt || p.opensAt <= now) && (!p.closesAt || now < p.closesAt);
}

function fileToData(p: PetitionFile) {
  return {
    slug: p.slug,
    titleEn: p.title.en,
    titleYue: p.title.yue,
    summaryEn: p.summary.en,
    summaryYue: p.summary.yue,
    textEn: p.text.en,
    textYue: p.text.yue,
    eligibilityEn: p.eligibility.en,
    eligibilityYue: p.eligibility.yue,
    recipient: p.recipient,
    officialUrl: p.officialUrl ?? null,
    goal: p.goal,
    status: p.status,
    opensAt: p.opensAt ?? null,
    closesAt: p.closesAt ?? null,
    askEmail: p.askEmail,
    askPostcode: p.askPostcode,
    place: p.place ?? null,
  };
}

/** The DataVersion row bumped by every petition change, so each process knows to drop its cache. */
export const PETITIONS_DATA_VERSION = 'petitions';

/** How long a process trusts its petition cache before checking the version again. */
const CACHE_CHECK_MS = 3000;

export class PetitionService {
  /**
   * Petitions are read on nearly every event of a signing but change only by admin action; the
   * cache is checked against the database's version at most every few seconds, so an admin's
   * change (another process) reaches every bot within that time.
   */
  private cache = new Map<string, Row | null>();
  private cacheVersion = -1;
  private checkedAt = -Infinity;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async bySlug(db: Db | Tx, slug: string): Promise<Row | null> {
    await this.refresh(db);
    if (this.cache.has(slug)) return this.cache.get(slug)!;
    const row = await db.petition.findUnique({ where: { slug } });
    this.cache.set(slug, row);
    return row;
  }

  private async refresh(db: Db | Tx): Promise<void> {
    if (this.now() - this.checkedAt < CACHE_CHECK_MS) return;
    const version = await readDataVersion(db, PETITIONS_DATA_VERSION);
    this.checkedAt = this.now();
    if (version !== this.cacheVersion) {
      this.cache.clear();
      this.cacheVersion = version;
    }
  }

  /** Forgets cached petitions at once (this process changed them). */
  invalidate(): void {
    this.cache.clear();
    this.checkedAt = -Infinity;
  }

  async open(db: Db | Tx, now: Date): Promise<Row[]> {
    return db.petition.findMany({
      where: { status: 'open', OR: [{ opensAt: null }, { opensAt: { lte: now } }], AND: [{ OR: [{ closesAt: null }, { closesAt: { gt: now } }] }] },
      orderBy: { createdAt: 'asc' },
    });
  }

  async count(db: Db | Tx, petitionId: string): Promise<number> {
    return db.signature.count({ where: { petitionId } });
  }

  async counts(db: Db | Tx, petitionIds: string[]): Promise<Map<string, number>> {
    const groups = await db.signature.groupBy({ by: ['petitionId'], where: { petitionId: { in: petitionIds } }, _count: { _all: true } });
    return new Map(groups.map((g) => [g.petitionId, g._count._all]));
  }

  /**
   * Writes petitions from files. 'missing-only' (start-up) never overwrites what an admin changed
   * in the database; 'upsert' (admin import) makes the database match the files.
   */
  async importFiles(db: Db, petitions: PetitionFile[], mode: 'missing-only' | 'upsert'): Promise<{ created: string[]; updated: string[] }> {
    const result = await db.$transaction(async (tx) => {
      const created: string[] = [];
      const updated: string[] = [];
      for (const p of petitions) {
        const existing = await tx.petition.findUnique({ where: { slug: p.slug }, select: { id: true } });
        if (!existing) {
          await tx.petition.create({ data: fileToData(p) });
          created.push(p.slug);
        } else if (mode === 'upsert') {
          await tx.petition.update({ where: { slug: p.slug }, data: fileToData(p) });
          updated.push(p.slug);
        }
      }
      if (created.length + updated.length > 0) await bumpDataVersion(tx, PETITIONS_DATA_VERSION);
      return { created, updated };
    });
    this.invalidate();
    return result;
  }

  async setStatus(db: Db | Tx, slug: string, status: PetitionStatus): Promise<boolean> {
    const result = await db.petition.updateMany({ where: { slug }, data: { status } });
    if (result.count > 0) await bumpDataVersion(db, PETITIONS_DATA_VERSION);
    this.invalidate();
    return result.count > 0;
  }
}
