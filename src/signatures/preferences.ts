/** Member preferences: chosen language and the campaign-updates opt-in. */
import type { Db, Tx } from '../db/client';
import { rawBool } from '../db/raw';
import type { Lang } from '../i18n/translator';

export interface Preferences {
  lang: Lang | null;
  updatesOptIn: boolean;
}

export class PreferenceService {
  /** Raw SQL: read on every event (see src/db/raw.ts). */
  async get(db: Db | Tx, memberHash: string): Promise<Preferences> {
    const rows = await db.$queryRaw<{ lang: string | null; updatesOptIn: unknown }[]>`SELECT "lang", "updatesOptIn" FROM "MemberPreference" WHERE "memberHash" = ${memberHash}`;
    const row = rows[0];
    const lang = row?.lang === 'en' || row?.lang === 'yue' ? row.lang : null;
    return { lang, updatesOptIn: rawBool(row?.updatesOptIn) };
  }

  async setLanguage(db: Db | Tx, memberHash: string, lang: Lang): Promise<void> {
    await db.memberPreference.upsert({ where: { memberHash }, create: { memberHash, lang }, update: { lang } });
  }

  async setUpdates(db: Db | Tx, memberHash: string, optIn: boolean): Promise<void> {
    await db.memberPreference.upsert({ where: { memberHash }, create: { memberHash, updatesOptIn: optIn }, update: { updatesOptIn: optIn } });
  }

  async erase(db: Db | Tx, memberHash: string): Promise<number> {
    return (await db.memberPreference.deleteMany({ where: { memberHash } })).count;
  }
}
