/** Member preferences: chosen language and the campaign-updates opt-in. */
import type { Db, Tx } from '../db/client';
import type { Lang } from '../i18n/translator';

export interface Preferences {
  lang: Lang | null;
  updatesOptIn: boolean;
}

export class PreferenceService {
  async get(db: Db | Tx, memberHash: string): Promise<Preferences> {
    const row = await db.memberPreference.findUnique({ where: { memberHash } });
    return { lang: (row?.lang as Lang | null | undefined) ?? null, updatesOptIn: row?.updatesOptIn ?? false };
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
