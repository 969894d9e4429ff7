/** AES-256-GCM encryption of personal fields at rest; a database copy without the key reveals nothing. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Thrown when a ciphertext was tampered with or was made with another key. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

export class FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('Encryption key must be 32 bytes');
  }

  /** Returns "v1.<iv>.<tag>.<ciphertext>" (base64url). A fresh IV each time, so equal inputs differ. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
      throw new DecryptionError('Unrecognised ciphertext format');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('Ciphertext could not be decrypted with this key');
    }
  }

  encryptOptional(plain: string | undefined | null): string | null {
    return plain === undefined || plain === null || plain === '' ? null : this.encrypt(plain);
  }
}
