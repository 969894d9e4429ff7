/** The only reader of process.env: one zod schema, parsed once, exported typed. */
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A 32-byte key given as 64 hex characters or base64. */
const key32 = optionalString.refine(
  (v) => v === undefined || decodeKey(v) !== null,
  'must be 32 bytes, written as 64 hex characters or base64',
);

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list of numeric platform ids. */
const idList = z
  .string()
  .trim()
  .default('')
  .refine((v) => v === '' || v.split(',').every((id) => /^\d{1,25}$/.test(id.trim())), 'must be numeric ids separated by commas')
  .transform((v) => (v === '' ? [] : v.split(',').map((id) => id.trim())));

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default('file:./data/petition.db')
    .refine(
      (v) => /^(file:|postgres:\/\/|postgresql:\/\/)/.test(v),
      'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    ),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  PETITIONS_DIR: optionalString,
  IDENTITY_SECRET: key32,
  ENCRYPTION_KEY: key32,
  CONVERSATION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONSOLE_LANGUAGE: z.enum(['en', 'yue']).optional().or(z.literal('').transform(() => undefined)),
  CI: boolish,

  // HTTP server: Telegram webhooks and GET /healthz.
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HTTP_HOST: z.string().trim().default('0.0.0.0'),

  // Telegram (grammY)
  TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[A-Za-z0-9_-]+$/.test(v), 'must look like 123456789:ABC… (from @BotFather)'),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http(s) URL'),
  TELEGRAM_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -'),
  TELEGRAM_ADMIN_IDS: idList,

  // Discord (discord.js)
  DISCORD_BOT_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.refine((v) => v === undefined || /^\d{5,25}$/.test(v), 'must be the numeric application id'),
  DISCORD_API_BASE: z.url({ protocol: /^https?$/ }).default('https://discord.com/api'),
  DISCORD_GUILD_ID: optionalString.refine((v) => v === undefined || /^\d{5,25}$/.test(v), 'must be a numeric guild id'),
  DISCORD_ADMIN_ROLE_IDS: idList,
  DISCORD_ADMIN_USER_IDS: idList,
});

/** Rules between variables, checked even when single variables fail so one message lists everything. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string): boolean => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (set('DISCORD_BOT_TOKEN') && !set('DISCORD_APPLICATION_ID')) problems.push('DISCORD_APPLICATION_ID: is required when DISCORD_BOT_TOKEN is set');
  if (set('TELEGRAM_WEBHOOK_URL') && !set('TELEGRAM_BOT_TOKEN')) problems.push('TELEGRAM_BOT_TOKEN: is required when TELEGRAM_WEBHOOK_URL is set');
  return problems;
}

export type Env = z.input<typeof envSchema>;

export interface Config {
  databaseUrl: string;
  databaseProvider: 'sqlite' | 'postgresql';
  dataDir: string;
  petitionsDir: string;
  identitySecret: Buffer | undefined;
  encryptionKey: Buffer | undefined;
  conversationIdleMinutes: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  consoleLanguage: 'en' | 'yue' | undefined;
  ci: boolean;
  http: { port: number; host: string };
  telegram: {
    token: string;
    apiRoot: string;
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
    adminIds: string[];
  } | undefined;
  discord: {
    token: string;
    applicationId: string;
    apiBase: string;
    guildId: string | undefined;
    adminRoleIds: string[];
    adminUserIds: string[];
  } | undefined;
}

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
  }
}

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const buf = Buffer.from(value, 'base64');
    if (buf.length === 32) return buf;
  }
  return null;
}

/** Parses an environment (process.env by default). Pure apart from reading its argument. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)),
    ...crossFieldProblems(env),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const provider = e.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql';
  const identitySecret = e.IDENTITY_SECRET ? decodeKey(e.IDENTITY_SECRET)! : undefined;
  const encryptionKey = e.ENCRYPTION_KEY ? decodeKey(e.ENCRYPTION_KEY)! : undefined;
  return {
    databaseUrl: e.DATABASE_URL,
    databaseProvider: provider,
    dataDir: path.resolve(e.DATA_DIR),
    petitionsDir: path.resolve(e.PETITIONS_DIR ?? path.join('data', 'petitions')),
    identitySecret,
    encryptionKey,
    conversationIdleMinutes: e.CONVERSATION_IDLE_MINUTES,
    logLevel: e.LOG_LEVEL,
    consoleLanguage: e.CONSOLE_LANGUAGE,
    ci: e.CI,
    http: { port: e.PORT, host: e.HTTP_HOST },
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
          webhookUrl: e.TELEGRAM_WEBHOOK_URL,
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          adminIds: e.TELEGRAM_ADMIN_IDS,
        }
      : undefined,
    discord:
      e.DISCORD_BOT_TOKEN && e.DISCORD_APPLICATION_ID
        ? {
            token: e.DISCORD_BOT_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            apiBase: e.DISCORD_API_BASE.replace(/\/+$/, ''),
            guildId: e.DISCORD_GUILD_ID,
            adminRoleIds: e.DISCORD_ADMIN_ROLE_IDS,
            adminUserIds: e.DISCORD_ADMIN_USER_IDS,
          }
        : undefined,
  };
}
