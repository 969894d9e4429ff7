/** `npm run discord:register [-- --global]`: registers the slash commands once, rather than on every start. */
import { ConfigError, createApp, loadConfig } from '../../src';
import { registerCommands } from './register';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  if (!config.discord) {
    console.error('Set DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID (see .env.example) to register Discord commands.');
    process.exit(78);
  }
  const app = await createApp(config, { seedPetitions: false, sweeper: false });
  try {
    const { scope, commands } = await registerCommands(app, { global: process.argv.includes('--global') });
    const where = scope === 'guild' ? `server ${config.discord.guildId}` : 'every server (global commands can take up to an hour to appear)';
    console.log(`Registered ${commands.length} commands for ${where}: ${commands.map((c) => `/${c.name}`).join(' ')}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
