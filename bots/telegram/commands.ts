/** Publishes the command menus once at start-up: English by default, Cantonese for language_code "zh", per chat type. */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope, LanguageCode } from 'grammy/types';
import type { App, CommandSpec, Lang } from '../../src';
import { safeError } from './errors';

/** Telegram accepts 1-32 of a-z, 0-9 and _ as a command name. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

/** Which language's menu Telegram shows for a language_code; undefined is the default for everyone. */
const MENU_LANGUAGES: { code: LanguageCode | undefined; lang: Lang }[] = [
  { code: undefined, lang: 'en' },
  // Telegram's language_code is ISO 639-1, so every Chinese-language client reports "zh".
  { code: 'zh', lang: 'yue' },
];

export interface Menu {
  scope: BotCommandScope;
  language_code?: LanguageCode;
  commands: BotCommand[];
}

/** Every menu to publish; pure, so tests can check it without a bot. */
export function menus(app: Pick<App, 'engine' | 'services' | 'config'>): Menu[] {
  const specs = app.engine.commandSpecs().filter((s) => COMMAND_NAME.test(s.name));
  const inPrivate = specs.filter((s) => s.scope === 'all' || s.scope === 'private');
  const inGroups = specs.filter((s) => s.scope === 'all' || s.scope === 'group');
  const forAdmins = specs.filter((s) => s.scope === 'admin');
  const scoped: { scope: BotCommandScope; specs: CommandSpec[] }[] = [
    { scope: { type: 'default' }, specs: inPrivate },
    { scope: { type: 'all_private_chats' }, specs: inPrivate },
    { scope: { type: 'all_group_chats' }, specs: inGroups },
  ];
  // Admin commands show only in each admin's own private chat with the bot.
  if (forAdmins.length > 0) {
    for (const id of app.config.telegram?.adminIds ?? []) {
      scoped.push({ scope: { type: 'chat', chat_id: Number(id) }, specs: [...inPrivate, ...forAdmins] });
    }
  }
  const t = app.services.translator;
  return scoped.flatMap(({ scope, specs: list }) =>
    MENU_LANGUAGES.map(({ code, lang }) => ({
      scope,
      ...(code ? { language_code: code } : {}),
      commands: list.map((s) => ({ command: s.name, description: t.s(lang, s.descriptionKey).slice(0, 256) })),
    })),
  );
}

/** A failed menu (e.g. an admin who never opened the bot) is logged; the bot works without it. */
export async function publishCommands(api: Api, app: App): Promise<void> {
  for (const menu of menus(app)) {
    try {
      await api.setMyCommands(menu.commands, { scope: menu.scope, ...(menu.language_code ? { language_code: menu.language_code } : {}) });
    } catch (error) {
      app.log.warn({ scope: menu.scope.type, language: menu.language_code ?? 'default', error: safeError(error) }, 'telegram: setMyCommands failed');
    }
  }
}
