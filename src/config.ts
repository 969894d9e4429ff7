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
});

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
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
    );
  }
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
  };
}
