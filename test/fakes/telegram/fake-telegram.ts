/** Starts the fake Bot API server and exposes what tests control and observe across all of its bots. */
import type { TelegramError } from './api-error';
import { BotState, type BotIdentity } from './bot-state';
import { CallLog, type CallPredicate, type RecordedCall } from './call-log';
import { Dispatcher, type Stats } from './dispatcher';
import { FakeBot } from './fake-bot';
import { FailureInjector, type IncomingCall } from './failures';
import { listen, type Listener } from './node-http';
import { TELEGRAM_LIMITS, type LimitSettings, type RateLimits } from './rate-limiter';

export interface FakeTelegramOptions {
  /** The default bot's token; its bot id is the number before ':' (default '123456:TEST-token'). */
  token?: string;
  username?: string;
  firstName?: string;
  /** More bots served by the same fake, each with its own chats, updates and webhook. */
  bots?: Array<{ token: string; username: string; firstName?: string }>;
  /** Telegram's flood limits: true for the documented ones, or your own counts. Off by default. */
  enforceLimits?: boolean | Partial<RateLimits>;
  /** Multiplies every Telegram-side duration (flood windows, webhook retry backoff); 0.1 = ten times faster. */
  timeScale?: number;
  /** The first update_id handed out (default 1). */
  firstUpdateId?: number;
}

/** An error to inject; the description defaults to Telegram's wording for the code. */
export type ErrorToInject = Omit<TelegramError, 'description'> & { description?: string };

export class FakeTelegram extends FakeBot {
  readonly stats: Stats = { requests: 0, tooManyRequests: 0 };
  private readonly bots = new Map<string, BotState>();
  private readonly log = new CallLog();
  private readonly failures = new FailureInjector();
  private listener: Listener | undefined;

  private constructor(
    private readonly settings: LimitSettings,
    private readonly firstUpdateId: number,
    defaultBot: BotIdentity,
    private readonly closer: AbortController,
    // Bots run webhook replies through the dispatcher, which exists only once the bots do.
    private readonly dispatcher: { current?: Dispatcher },
  ) {
    const state = new BotState(defaultBot, settings, firstUpdateId, (bot, call) =>
      dispatcher.current?.runWebhookReply(bot, call),
    );
    super(state, closer.signal);
    this.bots.set(state.token, state);
  }

  /** Starts a fake on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const settings: LimitSettings = { limits: limitsFrom(options.enforceLimits), timeScale: options.timeScale ?? 1 };
    const fake = new FakeTelegram(
      settings,
      options.firstUpdateId ?? 1,
      {
        token: options.token ?? '123456:TEST-token',
        username: options.username ?? 'petition_test_bot',
        first_name: options.firstName ?? 'Petition Bot',
      },
      new AbortController(),
      {},
    );
    for (const bot of options.bots ?? []) fake.addBot(bot);
    const dispatcher = new Dispatcher({
      bots: fake.bots,
      log: fake.log,
      failures: fake.failures,
      settings,
      stats: fake.stats,
    });
    fake.dispatcher.current = dispatcher;
    fake.listener = await listen((exchange) => dispatcher.handle(exchange));
    return fake;
  }

  /** Give this to grammY as `client: { apiRoot }`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.listener?.port ?? 0}`;
  }

  /** Every call answered so far, in order of completion. */
  get calls(): readonly RecordedCall[] {
    return this.log.calls;
  }

  /**
   * The first call of `method` (matching `predicate`) not already returned by an earlier waitForCall; waits
   * for it if needed. Rejects after `timeoutMs` with the recent calls listed.
   */
  waitForCall(method: string, predicate?: CallPredicate, timeoutMs = 5000): Promise<RecordedCall> {
    return this.log.waitFor(method, predicate, timeoutMs);
  }

  /** Answers the next `times` calls of `method` with this error instead of running them. */
  failNext(method: string, error: ErrorToInject, times = 1): void {
    this.failures.failNext(method, complete(error), times);
  }

  /** Answers every call matching `predicate` with this error until the returned function is called. */
  failWhen(
    predicate: (call: IncomingCall) => boolean,
    error: ErrorToInject | ((call: IncomingCall) => ErrorToInject),
  ): () => void {
    const answer = typeof error === 'function' ? (call: IncomingCall) => complete(error(call)) : complete(error);
    return this.failures.failWhen(predicate, answer);
  }

  /** Turns flood limits on (true or counts), or off (false). */
  setLimits(limits: boolean | Partial<RateLimits>): void {
    this.settings.limits = limitsFrom(limits);
  }

  get timeScale(): number {
    return this.settings.timeScale;
  }

  set timeScale(scale: number) {
    this.settings.timeScale = scale;
  }

  /** Serves another bot token from this fake. */
  addBot(bot: { token: string; username: string; firstName?: string }): FakeBot {
    const state = new BotState(
      { token: bot.token, username: bot.username, first_name: bot.firstName ?? bot.username },
      this.settings,
      this.firstUpdateId,
      (target, call) => this.dispatcher.current?.runWebhookReply(target, call),
    );
    this.bots.set(bot.token, state);
    return new FakeBot(state, this.closer.signal);
  }

  /** The controls of one bot by token (the default bot's are on the fake itself). */
  bot(token: string): FakeBot {
    const state = this.bots.get(token);
    if (state === undefined) throw new Error(`fake Telegram: no bot with token ${token}; add it with fake.addBot(...)`);
    return new FakeBot(state, this.closer.signal);
  }

  /** Human-readable list of recent calls, for assertion messages. */
  describeCalls(count?: number): string {
    return this.log.describeRecent(count);
  }

  /** Stops everything at once: long polls, webhook deliveries, pending waits, and the server's sockets. */
  async close(): Promise<void> {
    this.closer.abort();
    for (const bot of this.bots.values()) bot.close();
    this.log.close();
    await this.listener?.close();
  }
}

export const startFakeTelegram = (options?: FakeTelegramOptions): Promise<FakeTelegram> => FakeTelegram.start(options);

function limitsFrom(option: boolean | Partial<RateLimits> | undefined): RateLimits | undefined {
  if (option === undefined || option === false) return undefined;
  return { ...TELEGRAM_LIMITS, ...(option === true ? {} : option) };
}

const WORDING: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

function complete(error: ErrorToInject): TelegramError {
  const retryAfter = error.parameters?.retry_after;
  const isFlood = error.error_code === 429;
  const wording = isFlood ? `Too Many Requests: retry after ${retryAfter ?? 1}` : (WORDING[error.error_code] ?? 'Error');
  const description = error.description ?? wording;
  // A 429 without retry_after would not be Telegram-shaped; clients rely on it.
  const parameters = isFlood && retryAfter === undefined ? { ...error.parameters, retry_after: 1 } : error.parameters;
  return { error_code: error.error_code, description, ...(parameters ? { parameters } : {}) };
}
