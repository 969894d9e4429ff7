/** The webhook secret: from TELEGRAM_WEBHOOK_SECRET, else the one persisted in the data folder, else a new one saved there (mode 0600). */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../src';

export function webhookSecretFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'secrets', 'telegram-webhook-secret');
}

/** Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and -. */
const VALID = /^[A-Za-z0-9_-]{1,256}$/;

export function resolveWebhookSecret(config: Pick<Config, 'dataDir' | 'telegram'>): { secret: string; source: 'config' | 'file' | 'generated' } {
  const configured = config.telegram?.webhookSecret;
  if (configured) return { secret: configured, source: 'config' };
  const file = webhookSecretFile(config);
  const stored = readSecret(file);
  if (stored) return { secret: stored, source: 'file' };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': if another process on this data folder wrote one first, use theirs.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'generated' };
  } catch (error) {
    const raced = (error as NodeJS.ErrnoException).code === 'EEXIST' ? readSecret(file) : undefined;
    if (raced) return { secret: raced, source: 'file' };
    throw error;
  }
}

function readSecret(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const value = fs.readFileSync(file, 'utf8').trim();
  if (!VALID.test(value)) throw new Error(`${file} does not hold a valid webhook secret (1-256 of A-Z, a-z, 0-9, _, -): delete it to generate a new one`);
  return value;
}
