/** Finds the identity secret and encryption key: from config, else from the data folder, else newly generated there. */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { decodeKey } from '../config';

export interface Secrets {
  identitySecret: Buffer;
  encryptionKey: Buffer;
  /** Where they came from, for the start-up log and the README's backup advice. */
  source: 'config' | 'file' | 'generated';
  file?: string;
}

/** Thrown when keys are needed but cannot be found and must not be invented (exports, PostgreSQL). */
export class MissingSecretsError extends Error {
  override name = 'MissingSecretsError';
}

export function secretsFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'secrets', 'keys.json');
}

/**
 * mode 'create' generates keys on first run (embedded SQLite only: several PostgreSQL instances
 * must share one pair, so there they must come from config). mode 'existing' never generates:
 * a new key would silently make every stored signature unreadable.
 */
export function resolveSecrets(
  config: Pick<Config, 'dataDir' | 'identitySecret' | 'encryptionKey' | 'databaseProvider'>,
  mode: 'create' | 'existing',
): Secrets {
  if (config.identitySecret && config.encryptionKey) {
    return { identitySecret: config.identitySecret, encryptionKey: config.encryptionKey, source: 'config' };
  }
  const file = secretsFile(config);
  if (fs.existsSync(file)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { identitySecret?: string; encryptionKey?: string };
    const identitySecret = config.identitySecret ?? decodeKey(stored.identitySecret ?? '');
    const encryptionKey = config.encryptionKey ?? decodeKey(stored.encryptionKey ?? '');
    if (!identitySecret || !encryptionKey) throw new MissingSecretsError(`${file} is damaged: it must hold identitySecret and encryptionKey (64 hex characters each)`);
    return { identitySecret, encryptionKey, source: 'file', file };
  }
  if (mode === 'existing') {
    throw new MissingSecretsError(
      `No encryption key: set ENCRYPTION_KEY and IDENTITY_SECRET, or restore ${file} from your backup.`,
    );
  }
  if (config.databaseProvider === 'postgresql') {
    throw new MissingSecretsError(
      'ENCRYPTION_KEY and IDENTITY_SECRET must be set when DATABASE_URL is PostgreSQL: every instance must share them. Generate each with: openssl rand -hex 32',
    );
  }
  const identitySecret = config.identitySecret ?? randomBytes(32);
  const encryptionKey = config.encryptionKey ?? randomBytes(32);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    file,
    JSON.stringify({ identitySecret: identitySecret.toString('hex'), encryptionKey: encryptionKey.toString('hex'), createdAt: new Date().toISOString() }, null, 2),
    { mode: 0o600, flag: 'wx' },
  );
  return { identitySecret, encryptionKey, source: 'generated', file };
}
