/** Member identity as HMAC-SHA256(secret, "platform:userId"): stable for dedupe, useless without the secret. */
import { createHmac } from 'node:crypto';

export type Platform = 'telegram' | 'discord' | 'console';

export class Identity {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('Identity secret must be at least 32 bytes');
  }

  /** The only form in which a member's platform id is ever stored. */
  memberHash(platform: Platform, userId: string): string {
    return createHmac('sha256', this.secret).update(`${platform}:${userId}`).digest('base64url');
  }
}
