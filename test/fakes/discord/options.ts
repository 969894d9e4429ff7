/** The options startFakeDiscord accepts, and their defaults (Discord's real numbers unless noted). */
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './world/permissions.js';

export interface FakeDiscordOptions {
  /** Bot token the fake accepts; generated if absent. */
  token?: string;
  /** Application id, which is also the bot user's id; generated if absent. */
  applicationId?: string;
  botUsername?: string;
  guildName?: string;
  /** The guild's preferred_locale, sent as guild_locale on interactions. Default 'en-US'. */
  guildLocale?: string;
  /** Names of the guild's text channels. Default ['general', 'petitions']. */
  channels?: string[];
  /** Permission bitfield (decimal string) of the bot's managed role. */
  botPermissions?: string;
  /** Permission bitfield (decimal string) of @everyone. */
  everyonePermissions?: string;
  /** How long an interaction may go unacknowledged before callbacks get 10062. Discord: 3000. */
  ackDeadlineMs?: number;
  /** How long an interaction token's webhook stays usable. Discord: 15 minutes. */
  tokenLifetimeMs?: number;
  /** Enforce the global and per-route rate limits and send X-RateLimit-* headers. Default false. */
  enforceLimits?: boolean;
  /** Multiplies every rate-limit window, e.g. 0.01 turns 5 s into 50 ms. Default 1. */
  timeScale?: number;
  /** Global requests per second across non-interaction routes. Discord: 50. */
  globalRequestsPerSecond?: number;
  /** Per-channel bucket for POST /channels/:id/messages. Discord: 5 per 5 s. */
  messageRateLimit?: { limit: number; windowMs: number };
  /** HELLO's heartbeat_interval. Discord: 41250. */
  heartbeatIntervalMs?: number;
}

export type ResolvedOptions = Required<Omit<FakeDiscordOptions, 'token' | 'applicationId'>>;

export function resolveOptions(options: FakeDiscordOptions): ResolvedOptions {
  return {
    botUsername: options.botUsername ?? 'PetitionBot',
    guildName: options.guildName ?? 'Hongkongers Abroad',
    guildLocale: options.guildLocale ?? 'en-US',
    channels: options.channels ?? ['general', 'petitions'],
    botPermissions: options.botPermissions ?? String(DEFAULT_BOT_PERMISSIONS),
    everyonePermissions: options.everyonePermissions ?? String(DEFAULT_EVERYONE_PERMISSIONS),
    ackDeadlineMs: options.ackDeadlineMs ?? 3_000,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
    enforceLimits: options.enforceLimits ?? false,
    timeScale: options.timeScale ?? 1,
    globalRequestsPerSecond: options.globalRequestsPerSecond ?? 50,
    messageRateLimit: options.messageRateLimit ?? { limit: 5, windowMs: 5_000 },
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
  };
}
