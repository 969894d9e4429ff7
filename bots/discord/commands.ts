/** Slash-command definitions from the engine's command specs, with descriptions in English and (for zh-TW, zh-CN) Cantonese. */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandSpec, Translator } from '../../src';
import { truncate } from './render';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord has no Cantonese locale: members whose client is in Chinese get the Cantonese text. */
export const CANTONESE_LOCALES = ['zh-TW', 'zh-CN'] as const;
/** Admin commands are hidden from members without this permission (server admins can change it per command). */
export const ADMIN_PERMISSION = PermissionFlagsBits.ManageGuild;
const MAX_DESCRIPTION = 100;

function describe(translator: Translator, key: string): { description: string; description_localizations: LocalizationMap } {
  const yue = truncate(translator.s('yue', key), MAX_DESCRIPTION);
  return {
    description: truncate(translator.s('en', key), MAX_DESCRIPTION),
    description_localizations: Object.fromEntries(CANTONESE_LOCALES.map((locale) => [locale, yue])),
  };
}

/**
 * Names stay English in every locale: the engine's texts (in both languages) point members to
 * /petitions, /forget, /cancel…, and those must be the names members see and type.
 */
export function commandDefinitions(specs: CommandSpec[], translator: Translator): CommandDefinition[] {
  return specs.map((spec) => {
    const admin = spec.scope === 'admin';
    const definition: CommandDefinition = {
      type: ApplicationCommandType.ChatInput,
      name: spec.name,
      ...describe(translator, spec.descriptionKey),
      // Admin commands act on a server's channels, so they exist in servers only; the rest also in the bot's DMs.
      contexts: admin ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    };
    if (admin) definition.default_member_permissions = String(ADMIN_PERMISSION);
    if (spec.argument) {
      definition.options = [
        {
          type: ApplicationCommandOptionType.String,
          name: spec.argument.name,
          ...describe(translator, spec.argument.descriptionKey),
          required: spec.argument.required,
          ...(spec.argument.autocomplete ? { autocomplete: true } : {}),
        },
      ];
    }
    return definition;
  });
}
