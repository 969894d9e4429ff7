/** Routes `/bot<token>/<method>` to a handler and answers exactly as the Bot API does, recording every call. */
import { ApiError, notFound, unauthorized, type TelegramError } from './api-error';
import type { BotState } from './bot-state';
import type { CallLog, RecordedCall, TelegramResponse } from './call-log';
import type { FailureInjector } from './failures';
import { Described } from './methods/context';
import { findMethod } from './methods/index';
import type { IncomingExchange, Reply } from './node-http';
import { Params } from './params';
import type { LimitSettings } from './rate-limiter';
import { decodeRequest, type DecodedRequest } from './request-body';

export interface Stats {
  /** API requests answered, of any outcome. */
  requests: number;
  /** Answers with error_code 429, whether from flood limits or injected. */
  tooManyRequests: number;
}

export interface DispatcherDeps {
  bots: ReadonlyMap<string, BotState>;
  log: CallLog;
  failures: FailureInjector;
  settings: LimitSettings;
  stats: Stats;
}

// Methods Telegram refuses to run from a webhook answer.
const NOT_FROM_WEBHOOK_REPLY = /^(get|setwebhook$|deletewebhook$|close$|logout$)/i;

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async handle(exchange: IncomingExchange): Promise<Reply> {
    const route = /^\/bot([^/]*)\/([^/]*)$/.exec(exchange.path);
    if (!route) return toReply(failure(notFound().error));
    const [, token = '', method = ''] = route;
    const { response } = await this.call(
      token,
      method,
      () => decodeRequest(exchange.query, exchange.headers['content-type'], exchange.body),
      exchange.signal,
      'http',
    );
    return toReply(response ?? failure({ error_code: 499, description: 'client closed request' }));
  }

  /** Runs a method a bot put in its answer to a webhook POST; Telegram executes it and discards the result. */
  runWebhookReply(bot: BotState, body: Record<string, unknown>): void {
    const { method, ...params } = body;
    if (typeof method !== 'string' || NOT_FROM_WEBHOOK_REPLY.test(method)) return;
    const json = Buffer.from(JSON.stringify(params));
    const decode = () => decodeRequest(new URLSearchParams(), 'application/json', json);
    void this.call(bot.token, method, decode, new AbortController().signal, 'webhook-reply');
  }

  private async call(
    token: string,
    requested: string,
    decode: () => DecodedRequest,
    signal: AbortSignal,
    via: RecordedCall['via'],
  ): Promise<{ response: TelegramResponse | undefined }> {
    const at = Date.now();
    let method = requested;
    let display: Record<string, unknown> = {};
    let response: TelegramResponse;
    try {
      const bot = this.authenticate(token);
      const decoded = decode();
      display = decoded.display;
      const found = findMethod(requested);
      if (found === undefined) throw notFound();
      method = found.name;
      const injected = this.deps.failures.take({ method, params: display, token });
      if (injected) throw new ApiError(injected);
      const result: unknown = await found.handler({
        bot,
        params: new Params(decoded.raw),
        signal,
        settings: this.deps.settings,
      });
      response =
        result instanceof Described
          ? { ok: true, result: result.result, description: result.description }
          : { ok: true, result };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      response = failure(error.error);
    }
    const delivered = signal.aborted ? undefined : response;
    this.deps.stats.requests++;
    if (delivered && !delivered.ok && delivered.error_code === 429) this.deps.stats.tooManyRequests++;
    this.deps.log.record({
      method,
      params: display,
      token,
      at,
      response: delivered,
      httpStatus: delivered === undefined ? 0 : delivered.ok ? 200 : delivered.error_code,
      via,
    });
    return { response: delivered };
  }

  private authenticate(token: string): BotState {
    // The Bot API's own sanity check of a token's shape comes before looking the bot up.
    if (token.startsWith('0') || token.length > 80 || !token.includes(':')) throw unauthorized('invalid token specified');
    const bot = this.deps.bots.get(token);
    if (bot === undefined) throw unauthorized();
    return bot;
  }
}

function failure(error: TelegramError): TelegramResponse {
  const { error_code, description, parameters } = error;
  return { ok: false, error_code, description, ...(parameters ? { parameters } : {}) };
}

function toReply(response: TelegramResponse): Reply {
  if (response.ok) return { status: 200, body: JSON.stringify(response) };
  const retryAfter = response.parameters?.retry_after;
  return {
    status: response.error_code,
    ...(retryAfter !== undefined ? { headers: { 'Retry-After': String(retryAfter) } } : {}),
    body: JSON.stringify(response),
  };
}
