/** The locales Discord accepts as keys of name_localizations and description_localizations. */

/** Discord's list as of API v10; note there is no zh-HK and no yue. */
export const DISCORD_LOCALES: ReadonlySet<string> = new Set([
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl',
  'pt-BR', 'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja',
  'zh-TW', 'ko',
]);

export function isDiscordLocale(value: string): boolean {
  return DISCORD_LOCALES.has(value);
}
