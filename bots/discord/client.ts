/** The discord.js client, pointed at DISCORD_API_BASE; the gateway URL then comes from that API's GET /gateway/bot. */
import { Client, GatewayIntentBits, REST } from 'discord.js';
import type { Config } from '../../src';

export type DiscordConfig = NonNullable<Config['discord']>;

export function createClient(config: DiscordConfig): Client {
  return new Client({
    // Interactions arrive without any intent; Guilds keeps the server list the client needs to start.
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.apiBase },
    // Nothing the bot sends may ping anyone, whatever a text contains.
    allowedMentions: { parse: [], repliedUser: false },
  });
}

/** A REST client alone, for registering commands without a gateway connection. */
export function createRest(config: DiscordConfig): REST {
  return new REST({ api: config.apiBase }).setToken(config.token);
}
