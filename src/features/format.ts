/** Formatting helpers shared by features: dates in the member's language, petition titles. */
import type { Lang } from '../i18n/translator';

export function formatDate(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'yue' ? 'zh-HK' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

export function titleIn(row: { titleEn: string; titleYue: string }, lang: Lang): string {
  return lang === 'yue' ? row.titleYue : row.titleEn;
}
