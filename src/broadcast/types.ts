/** The broadcast domain's vocabulary: audiences, statuses, and the transport contract adapters implement. */
import type { Button, Platform } from '../engine/types';
import type { RichText } from '../text/rich';
import type { RatePolicy } from './policy';

/** Who a broadcast goes to. followers: channels following its petition and opted-in members who signed it. */
export const AUDIENCES = ['channels', 'members', 'both', 'followers'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** A subscription's or delivery's language: one of ours, or both one after the other. */
export type UpdateLang = 'en' | 'yue' | 'both';

export type BroadcastStatus = 'queued' | 'sending' | 'done' | 'cancelled';

/**
 * pending → claimed (leased to a worker batch) → sending (the platform call has started) → sent.
 * failed: permanent refusal or retries exhausted. unknown: interrupted after the send started, never
 * repeated. cancelled: the broadcast was cancelled first. skipped: the target went away first
 * (unsubscribed, opted out, erased their data, removed the bot).
 */
export type DeliveryStatus = 'pending' | 'claimed' | 'sending' | 'sent' | 'failed' | 'unknown' | 'cancelled' | 'skipped';

/** Where one delivery goes. A member's address is their Telegram private chat id or Discord user id. */
export type DeliveryTarget =
  | { kind: 'channel'; platform: Platform; chatId: string }
  | { kind: 'member'; platform: Platform; address: string };

/** What recipients see; the preview shows the very same value. */
export interface BroadcastMessage {
  text: RichText;
  buttons: Button[][];
}

export interface SendRequest {
  target: DeliveryTarget;
  message: BroadcastMessage;
  /**
   * Stable for the delivery, at most 25 characters. A transport that makes a repeat with the same
   * key harmless (Discord: message nonce with enforce_nonce) declares `idempotent`.
   */
  idempotencyKey: string;
}

/** What the platform answered. The worker decides what each means for the delivery row. */
export type SendOutcome =
  | { kind: 'sent'; messageId: string }
  /** 429: not delivered; try again after retryAfterMs. scope chat pauses that chat only; global (default) the whole bot. */
  | { kind: 'rateLimited'; retryAfterMs: number; scope?: 'chat' | 'global' }
  /** Surely not delivered and worth retrying: 5xx, connection refused or reset before the request was taken. */
  | { kind: 'transient'; reason: string }
  /**
   * Refused for good (400, 403, 404). targetGone: the bot was removed or blocked, or the channel is
   * gone or out of reach: the subscription is switched off, or the member's address dropped.
   */
  | { kind: 'permanent'; reason: string; targetGone?: boolean }
  /** Telegram: the group became a supergroup with this id (migrate_to_chat_id); sent again there. */
  | { kind: 'moved'; chatId: string }
  /** It may or may not have arrived (e.g. a timeout after the request went out): recorded, never repeated. */
  | { kind: 'unknown'; reason: string };

export interface ProgressRequest {
  /** The author's private address (as for a member target). */
  address: string;
  /** The progress message shown before; absent the first time (send a new one). */
  messageId?: string;
  text: RichText;
  buttons: Button[][];
}

/**
 * One platform's way out, implemented by the adapter in bots/<platform>. It must time out every call
 * well within the worker's sendLeaseMs (default 30 s) and never throw for a platform answer.
 */
export interface BroadcastTransport {
  readonly platform: Platform;
  /** The limits the worker paces this platform's sends by (TELEGRAM_POLICY, DISCORD_POLICY). */
  readonly policy: RatePolicy;
  /** True when repeating a send with the same idempotencyKey within minutes cannot make a second message. */
  readonly idempotent?: boolean;
  send(request: SendRequest): Promise<SendOutcome>;
  /** Shows or edits the author's progress message; returns its id (null when it could not be shown). */
  showProgress?(request: ProgressRequest): Promise<{ messageId: string } | null>;
}

/** Counts of one broadcast's deliveries, for progress messages and the admin command line. */
export interface BroadcastProgress {
  broadcastId: string;
  status: BroadcastStatus;
  total: number;
  sent: number;
  failed: number;
  unknown: number;
  cancelled: number;
  skipped: number;
  /** pending, claimed or sending. */
  remaining: number;
  /** The final summary: nothing is left to send. */
  done: boolean;
}
