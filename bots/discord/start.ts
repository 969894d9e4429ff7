/** Runs the Discord adapter: connect, hand each interaction to the handler, and stop gracefully. */
import { Events, Routes, type Client } from 'discord.js';
import type { App } from '../../src';
import { createClient } from './client';
import { FormCache } from './form-cache';
import { handleInteraction, refuse, summarise, type HandlerDeps } from './handler';
import { Renderer } from './render';

export interface DiscordOptions {
  /** Defer when the engine has not answered by then. Discord allows 3 s; the rest is for the network. */
  deferAfterMs?: number;
  /** Give up connecting after this long. */
  readyTimeoutMs?: number;
}

export interface DiscordBot {
  client: Client;
  /** Stops taking interactions, finishes those in flight, and disconnects. The caller closes the app. */
  stop(): Promise<void>;
}

export async function startDiscord(app: App, options: DiscordOptions = {}): Promise<DiscordBot> {
  const config = app.config.discord;
  if (!config) throw new Error('Set DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID to run the Discord adapter.');
  const specs = () => app.engine.commandSpecs();
  const deps: HandlerDeps = {
    app,
    renderer: new Renderer(app.services.translator, specs),
    forms: new FormCache(),
    deferAfterMs: options.deferAfterMs ?? 2_000,
  };
  const client = createClient(config);
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  client.on(Events.InteractionCreate, (interaction) => {
    const work = (accepting ? handleInteraction(interaction, deps) : refuse(interaction, deps)).catch((error: unknown) =>
      app.log.error({ err: summarise(error) }, 'discord handler escaped its boundary'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  // The bot lost a channel or a whole server: their subscriptions go off. (An outage makes a server
  // unavailable instead, which discord.js reports as GuildUnavailable, not GuildDelete.)
  const lost = (work: Promise<unknown>): void => {
    void work.catch((error: unknown) => app.log.error({ err: summarise(error) }, 'discord: recording a lost channel or server failed'));
  };
  client.on(Events.ChannelDelete, (channel) => lost(app.broadcasts.chatGone({ platform: 'discord', chatId: channel.id }, 'discord: the channel was deleted')));
  client.on(Events.GuildDelete, (guild) => lost(app.broadcasts.guildGone('discord', guild.id, 'discord: the bot was removed from the server')));
  client.on(Events.Error, (error) => app.log.error({ err: summarise(error) }, 'discord client error'));
  client.on(Events.Warn, (message) => app.log.warn({ message }, 'discord client warning'));

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Discord did not become ready in time')), options.readyTimeoutMs ?? 60_000);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  app.log.info({ applicationId: config.applicationId, guilds: client.guilds.cache.size }, 'discord adapter ready');
  void warnIfUnregistered(client, app, specs().map((s) => s.name));

  let stopped: Promise<void> | undefined;
  return {
    client,
    stop() {
      stopped ??= (async () => {
        accepting = false;
        // Interactions that arrive meanwhile are refused (and answered), so this loop ends.
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await client.destroy();
        app.log.info('discord adapter stopped');
      })();
      return stopped;
    },
  };
}

/** Start-up never registers commands (that is `npm run discord:register`), but says when they are missing. */
async function warnIfUnregistered(client: Client, app: App, names: string[]): Promise<void> {
  const config = app.config.discord!;
  try {
    const route = config.guildId ? Routes.applicationGuildCommands(config.applicationId, config.guildId) : Routes.applicationCommands(config.applicationId);
    const registered = (await client.rest.get(route)) as { name: string }[];
    const missing = names.filter((n) => !registered.some((c) => c.name === n));
    if (missing.length > 0) app.log.warn({ missing }, 'some slash commands are not registered: run `npm run discord:register`');
  } catch (error) {
    app.log.warn({ err: summarise(error) }, 'could not check the registered slash commands');
  }
}
