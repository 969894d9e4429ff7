/** Field encryption and member identity. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, FieldCipher } from '../../src/privacy/cipher';
import { Identity } from '../../src/privacy/identity';
import { resolveSecrets, MissingSecretsError } from '../../src/privacy/secrets';
import { tempDir } from '../helpers/databases';

describe('FieldCipher', () => {
  const cipher = new FieldCipher(randomBytes(32));
  it('GIVEN a name THEN it round-trips and two encryptions differ', () => {
    const a = cipher.encrypt('陳大文');
    expect(cipher.decrypt(a)).toBe('陳大文');
    expect(cipher.encrypt('陳大文')).not.toBe(a);
    expect(a).not.toContain('陳');
  });
  it('GIVEN a tampered ciphertext or another key THEN decryption fails loudly', () => {
    const a = cipher.encrypt('Chan Tai Man');
    const parts = a.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow(DecryptionError);
    expect(() => new FieldCipher(randomBytes(32)).decrypt(a)).toThrow(DecryptionError);
  });
});

describe('Identity', () => {
  it('GIVEN the same user on two platforms THEN the hashes differ and never contain the id', () => {
    const id = new Identity(randomBytes(32));
    const tg = id.memberHash('telegram', '123456789');
    expect(tg).toBe(id.memberHash('telegram', '123456789'));
    expect(tg).not.toBe(id.memberHash('discord', '123456789'));
    expect(tg).not.toContain('123456789');
    expect(new Identity(randomBytes(32)).memberHash('telegram', '123456789')).not.toBe(tg);
  });
});

describe('resolveSecrets', () => {
  it('GIVEN no keys on first SQLite run THEN keys are generated once into the data folder and reused', () => {
    const dataDir = tempDir();
    const config = { dataDir, identitySecret: undefined, encryptionKey: undefined, databaseProvider: 'sqlite' as const };
    const first = resolveSecrets(config, 'create');
    expect(first.source).toBe('generated');
    const second = resolveSecrets(config, 'create');
    expect(second.source).toBe('file');
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
  });
  it('GIVEN no keys WHEN exporting or on PostgreSQL THEN no key is invented', () => {
    const dataDir = tempDir();
    expect(() => resolveSecrets({ dataDir, identitySecret: undefined, encryptionKey: undefined, databaseProvider: 'sqlite' }, 'existing')).toThrow(MissingSecretsError);
    expect(() => resolveSecrets({ dataDir, identitySecret: undefined, encryptionKey: undefined, databaseProvider: 'postgresql' }, 'create')).toThrow(/must be set/);
  });
});
