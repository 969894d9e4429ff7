/** Mints Discord-shaped ids and tokens, so @discordjs/rest's 17–19 digit route parsing treats them as real. */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A snowflake for "now": timestamp in the high bits, so ids sort by creation like Discord's. */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** URL-safe random text; interaction tokens go into paths unescaped, so no '/', '+' or '='. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** A bot token shaped like Discord's: base64 user id, timestamp part, HMAC part. */
export function botToken(userId: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${randomToken(4)}.${randomToken(20)}`;
}

/** An interaction token shaped like Discord's ("aW50ZXJhY3Rpb246" is base64 of "interaction:"). */
export function interactionToken(interactionId: string): string {
  return `aW50ZXJhY3Rpb246${Buffer.from(interactionId).toString('base64url')}${randomToken(60)}`;
}
