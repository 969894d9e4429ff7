/** Publishes the slash commands: to one server when DISCORD_GUILD_ID is set (instant), else globally. */
import { Routes } from 'discord.js';
import type { App } from '../../src';
import { createRest } from './client';
import { commandDefinitions, type CommandDefinition } from './commands';

export interface Registration {
  scope: 'guild' | 'global';
  commands: CommandDefinition[];
}

/** Replaces the application's command list with the engine's (PUT: stale commands disappear). */
export async function registerCommands(app: App, options: { global?: boolean } = {}): Promise<Registration> {
  const config = app.config.discord;
  if (!config) throw new Error('Set DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID to register Discord commands.');
  const commands = commandDefinitions(app.engine.commandSpecs(), app.services.translator);
  const guildId = options.global ? undefined : config.guildId;
  const route = guildId ? Routes.applicationGuildCommands(config.applicationId, guildId) : Routes.applicationCommands(config.applicationId);
  await createRest(config).put(route, { body: commands });
  return { scope: guildId ? 'guild' : 'global', commands };
}
