/**
 * Campaign updates out through Discord: a channel post, or for a member a post in their DM channel
 * (opened first), rendered like every engine reply (markdown escaped, no mentions, Sign as a button
 * that starts signing). Sends go through a REST client of their own that never retries and rejects
 * instead of waiting on a rate limit, so every call ends well within the worker's send lease and the
 * worker sees the limit and paces itself. Each post carries the delivery's key as an enforced nonce:
 * Discord answers a repeat within minutes with the message already made, so the worker may repeat a
 * send a crash interrupted. The author's progress goes through the client's REST, which waits out
 * rate limits like any reply.
 */
import { DiscordAPIError, HTTPError, RateLimitError, REST, Routes, type APIChannel, type APIMessage, type Client } from 'discord.js';
import { DISCORD_POLICY, type App, type BroadcastMessage, type BroadcastTransport, type ProgressRequest, type RatePolicy, type SendOutcome, type SendRequest } from '../../src';
import { broadcastPolicy } from '../broadcast-policy';
import { summarise } from './handler';
import { Renderer, type Row } from './render';

export interface DiscordTransportOptions {
  /** The fake API's time scale (tests, benchmarks): the policy's windows and the client's global limit are scaled to match. */
  timeScale?: number;
  /** One request gives up after this long. */
  timeoutMs?: number;
  /**
   * Whether a repeated send is harmless (default true: posts carry nonce + enforce_nonce). Only for
   * a test double of Discord that does not deduplicate nonces.
   */
  idempotent?: boolean;
}

/**
 * Refusals that mean the bot cannot reach this target any more: Unknown Channel, Unknown User,
 * Missing Access, Cannot send messages to this user, Missing Permissions.
 */
const TARGET_GONE = new Set([10003, 10013, 50001, 50007, 50013]);
/** Network failures before the request left this machine: surely not delivered. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** The route whose bucket is per channel: a limit there holds back that chat only. */
const CHANNEL_MESSAGES = '/channels/:id/messages';
const NO_MENTIONS = { parse: [] };

function networkCode(error: Error): string | undefined {
  const own = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof own === 'string' ? own : typeof cause === 'string' ? cause : undefined;
}

/**
 * What a failed call means for the delivery. `posting` is false while opening a member's DM
 * channel: nothing was posted yet, so any failure there is safe to retry. Pure, for tests.
 */
export function discordOutcome(error: unknown, posting: boolean): SendOutcome {
  if (error instanceof RateLimitError) {
    const chat = !error.global && error.route === CHANNEL_MESSAGES;
    return { kind: 'rateLimited', retryAfterMs: Math.max(error.retryAfter, error.timeToReset, 0), scope: chat ? 'chat' : 'global' };
  }
  if (error instanceof DiscordAPIError) {
    // The status and Discord's wording ("Missing Access"); its numeric code would be cut from the stored reason anyway.
    const reason = `${error.status}: ${error.message}`;
    if (error.status === 429) return { kind: 'rateLimited', retryAfterMs: 1000 };
    if (TARGET_GONE.has(Number(error.code))) return { kind: 'permanent', reason, targetGone: true };
    if (error.status >= 500 || error.status === 401) return { kind: 'transient', reason };
    return { kind: 'permanent', reason };
  }
  if (error instanceof HTTPError) return { kind: 'transient', reason: `${error.status}: ${error.message}` };
  if (error instanceof Error) {
    const code = networkCode(error);
    if (!posting || (code && NOT_SENT.has(code))) return { kind: 'transient', reason: `network: ${code ?? error.name}` };
    // A timeout or a connection lost mid-request: Discord may have taken the post.
    return { kind: 'unknown', reason: `network: ${code ?? error.name}` };
  }
  return { kind: 'unknown', reason: `send failed: ${String(error)}` };
}

export class DiscordTransport implements BroadcastTransport {
  readonly platform = 'discord' as const;
  readonly policy: RatePolicy;
  readonly idempotent: boolean;
  private readonly sender: REST;
  private readonly renderer: Renderer;

  constructor(
    private readonly app: App,
    private readonly client: Client,
    options: DiscordTransportOptions = {},
  ) {
    const config = app.config.discord;
    if (!config) throw new Error('DiscordTransport needs config.discord: set DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID');
    const timeScale = options.timeScale ?? 1;
    this.policy = broadcastPolicy(DISCORD_POLICY, timeScale);
    this.idempotent = options.idempotent ?? true;
    this.sender = new REST({
      api: config.apiBase,
      retries: 0,
      timeout: options.timeoutMs ?? 10_000,
      rejectOnRateLimit: () => true,
      globalRequestsPerSecond: Math.ceil(50 / timeScale),
    }).setToken(config.token);
    this.renderer = new Renderer(app.services.translator, () => app.engine.commandSpecs());
  }

  /** The message body, or null when escaping made it longer than one Discord message. */
  private body(message: BroadcastMessage): { content: string; components: Row[] } | null {
    // A broadcast's text is plain (no deep-link spans), so the language only names a select menu, if any.
    const out = this.renderer.messages(message.text, message.buttons, 'en', false);
    const only = out.length === 1 ? out[0] : undefined;
    return only?.kind === 'message' ? { content: only.message.content, components: only.message.components } : null;
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const { target, message, idempotencyKey } = request;
    const body = this.body(message);
    if (!body) return { kind: 'permanent', reason: 'too long for one Discord message after escaping' };
    let posting = false;
    try {
      const channelId = target.kind === 'channel' ? target.chatId : ((await this.sender.post(Routes.userChannels(), { body: { recipient_id: target.address } })) as APIChannel).id;
      posting = true;
      const sent = (await this.sender.post(Routes.channelMessages(channelId), {
        body: { ...body, allowed_mentions: NO_MENTIONS, nonce: idempotencyKey, enforce_nonce: true },
      })) as APIMessage;
      return { kind: 'sent', messageId: sent.id };
    } catch (error) {
      return discordOutcome(error, posting);
    }
  }

  /** The author's DM: the progress message edited in place, or a new one when there is none (or it is gone). */
  async showProgress(request: ProgressRequest): Promise<{ messageId: string } | null> {
    const body = this.body({ text: request.text, buttons: request.buttons });
    if (!body) return null;
    const rest = this.client.rest;
    try {
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: request.address } })) as APIChannel;
      if (request.messageId !== undefined) {
        try {
          await rest.patch(Routes.channelMessage(dm.id, request.messageId), { body });
          return { messageId: request.messageId };
        } catch (error) {
          this.app.log.debug({ err: summarise(error) }, 'discord: editing the progress message failed; sending a new one');
        }
      }
      const sent = (await rest.post(Routes.channelMessages(dm.id), { body: { ...body, allowed_mentions: NO_MENTIONS } })) as APIMessage;
      return { messageId: sent.id };
    } catch (error) {
      this.app.log.warn({ err: summarise(error) }, 'discord: the progress message could not be shown');
      return null;
    }
  }
}
