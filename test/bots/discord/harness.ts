/** Test harness: a fake Discord, an app on a fresh SQLite file, and the real adapter (discord.js) between them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, loadConfig, silentLogger, type App, type AppOptions } from '../../../src';
import { startDiscord, type DiscordBot, type DiscordOptions } from '../../../bots/discord/start';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type Json, type JsonObject } from '../../fakes/discord';

export interface Harness {
  fake: FakeDiscord;
  app: App;
  bot: DiscordBot;
  dir: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  fake?: FakeDiscordOptions;
  adapter?: DiscordOptions;
  /** Set DISCORD_GUILD_ID to the fake's guild. */
  guildId?: boolean;
  /** More environment, given the fake (e.g. DISCORD_ADMIN_USER_IDS). */
  env?: (fake: FakeDiscord) => Record<string, string>;
  features?: AppOptions['features'];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discord-adapter-'));
  const app = await createApp(
    loadConfig({
      DATABASE_URL: `file:${path.join(dir, 'test.db')}`,
      DATA_DIR: dir,
      DISCORD_BOT_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_BASE: fake.apiBase,
      ...(options.guildId ? { DISCORD_GUILD_ID: fake.guild.id } : {}),
      ...options.env?.(fake),
    }),
    { log: silentLogger, sweeper: false, features: options.features },
  );
  const bot = await startDiscord(app, options.adapter);
  return {
    fake,
    app,
    bot,
    dir,
    async close() {
      await bot.stop();
      await app.close();
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every custom_id on a message, buttons and select menus alike. */
export function customIds(components: Json[]): string[] {
  const out: string[] = [];
  const walk = (c: Json): void => {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return;
    const o = c as JsonObject;
    if (typeof o['custom_id'] === 'string') out.push(o['custom_id']);
    for (const child of (o['components'] as Json[] | undefined) ?? []) walk(child);
  };
  components.forEach(walk);
  return out;
}

/** The one custom_id starting with a prefix (e.g. 'sg:ok:'). */
export function idStartingWith(components: Json[], prefix: string): string {
  const found = customIds(components).filter((id) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`Expected one custom_id starting "${prefix}", found ${JSON.stringify(customIds(components))}`);
  return found[0]!;
}

/** The text inputs of a modal, by custom_id (classic rows or labels). */
export function modalInputs(modal: JsonObject): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const c of (modal['components'] as JsonObject[]) ?? []) {
    const inputs = c['type'] === 18 ? [c['component'] as JsonObject] : ((c['components'] as JsonObject[]) ?? []);
    for (const input of inputs) out[String(input['custom_id'])] = input;
  }
  return out;
}

/** Message-creating calls the bot made (replies, deferred replies, follow-ups), with the flags each carried. */
export function messageCreations(fake: FakeDiscord): { path: string; flags: number }[] {
  return fake.calls
    .filter((c) => c.status < 300)
    .flatMap((c) => {
      const body = (c.body ?? {}) as JsonObject;
      if (c.method === 'POST' && c.path.endsWith('/callback') && (body['type'] === 4 || body['type'] === 5)) {
        return [{ path: c.path, flags: Number((body['data'] as JsonObject | undefined)?.['flags'] ?? 0) }];
      }
      if (c.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(c.path)) return [{ path: c.path, flags: Number(body['flags'] ?? 0) }];
      if (c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)) return [{ path: c.path, flags: Number(body['flags'] ?? 0) }];
      return [];
    });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
