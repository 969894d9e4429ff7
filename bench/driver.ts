/**
 * The members of one load level and what is measured about them: each worker is one member at a
 * time signing from the start payload to the receipt; the bench POSTs every update and reads the
 * bot's replies from the fake's call log.
 */
import type { Update } from 'grammy/types';
import type { FakeTelegram } from '../test/fakes/telegram';
import { CallIndex, lastMessage } from './calls';
import { readCpuSeconds, readMachineBusySeconds, sleep } from './child';
import type { LevelOptions, LevelResult } from './load';
import { nextStep, person, START_TEXT, type Person, type Step } from './member';
import { mean, percentiles, round } from './stats';
import type { WebhookClient } from './webhook-client';

/** A level whose first wave of members has not finished by then is broken, not slow. */
const MAX_WARMUP_MS = 120_000;
/** The measured window stretches to at most this many times measureMs while waiting for a wave of receipts. */
const MAX_WINDOW_FACTOR = 4;

interface UpdateSample {
  queuedAt: number;
  doneAt: number;
  waitMs: number;
  replyAt: number | undefined;
}

export class LoadDriver {
  private readonly index: CallIndex;
  private readonly samples: UpdateSample[] = [];
  readonly receipts: number[] = [];
  /** First POST → receipt of every member who signed. */
  private readonly conversations: { start: number; end: number }[] = [];
  private readonly errorKinds: Record<string, number> = {};
  private readonly errorSamples: string[] = [];
  private started = 0;
  private firstStart = 0;
  private failed = 0;
  private window = { start: 0, end: 0 };
  private cpuPercent = NaN;
  private driverCpuPercent = NaN;
  private othersCpuPercent = NaN;

  constructor(
    private readonly fake: FakeTelegram,
    private readonly client: WebhookClient,
    private readonly options: LevelOptions,
    private readonly base: number,
  ) {
    this.index = new CallIndex(fake.calls);
  }

  /** When measuring started (ms since epoch). */
  get windowStart(): number {
    return this.window.start;
  }

  /**
   * Closed loop: each worker is one member at a time, replaced by a new member when done. Measuring
   * starts after the warm-up and once a first wave of `concurrency` members has finished (before that
   * no conversation can have completed). It lasts measureMs, and longer if needed until another
   * `concurrency` members have signed in it: members who started together finish in waves, and the
   * mean time to sign must cover at least one whole wave. Members under way at the end still finish.
   */
  async drive(botPid: number): Promise<void> {
    const t0 = (this.firstStart = Date.now());
    const { warmupMs, measureMs, concurrency } = this.options;
    let finished = 0;
    let receiptsBefore = 0;
    let cpu: { bot: number | undefined; driver: NodeJS.CpuUsage; machine: number | undefined } | undefined;
    const tick = (): void => {
      const now = Date.now();
      if (this.window.start === 0) {
        if (now - t0 > MAX_WARMUP_MS) throw new Error(`no steady state after ${MAX_WARMUP_MS / 1000} s: ${finished} members finished`);
        if (now < t0 + warmupMs || finished < concurrency) return;
        this.window = { start: now, end: 0 };
        receiptsBefore = this.receipts.length;
        cpu = { bot: readCpuSeconds(botPid), driver: process.cpuUsage(), machine: readMachineBusySeconds() };
        return;
      }
      if (this.window.end !== 0) return;
      const elapsed = now - this.window.start;
      const enough = this.receipts.length - receiptsBefore >= concurrency || elapsed >= MAX_WINDOW_FACTOR * measureMs;
      if (elapsed < measureMs || !enough) return;
      this.window.end = now;
      const seconds = elapsed / 1000;
      const bot = readCpuSeconds(botPid);
      const driver = process.cpuUsage(cpu!.driver);
      const machine = readMachineBusySeconds();
      const driverSeconds = (driver.user + driver.system) / 1e6;
      if (cpu!.bot !== undefined && bot !== undefined) this.cpuPercent = ((bot - cpu!.bot) / seconds) * 100;
      this.driverCpuPercent = (driverSeconds / seconds) * 100;
      if (cpu!.machine !== undefined && machine !== undefined && !Number.isNaN(this.cpuPercent)) {
        this.othersCpuPercent = ((machine - cpu!.machine - driverSeconds) / seconds) * 100 - this.cpuPercent;
      }
    };
    let failure: unknown;
    const timer = setInterval(() => {
      try {
        tick();
      } catch (error) {
        failure = error;
      }
    }, 10);
    const worker = async (): Promise<void> => {
      // Paced members arrive over one pause rather than all at the same instant.
      if (this.options.thinkMs) await sleep(Math.random() * this.options.thinkMs);
      while (this.window.end === 0 && failure === undefined) {
        await this.member(person(this.started++, this.base));
        finished++;
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, worker));
    } finally {
      clearInterval(timer);
    }
    if (failure !== undefined) throw failure;
  }

  error(kind: string, detail?: string, count = 1): void {
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + count;
    if (this.errorSamples.length < 10) this.errorSamples.push(detail ? `${kind}: ${detail}` : kind);
  }

  /** One member's whole conversation: start payload, buttons, name, Skip, postcode, Confirm, receipt. */
  private async member(who: Person): Promise<void> {
    const begun = Date.now();
    const from = { id: who.id, first_name: who.first_name, language_code: who.language_code };
    let step: Step = { kind: 'say', text: START_TEXT };
    for (let turn = 0; turn < 12; turn++) {
      if (step.kind === 'done') {
        if (step.outcome === 'receipt') return;
        this.error('already signed', 'a new member was told they had signed');
        break;
      }
      if (step.kind === 'stuck') {
        this.error('unexpected reply', step.reason);
        break;
      }
      // People do not act in step: each pause is drawn between half and one and a half times the mean.
      if (turn > 0 && this.options.thinkMs) await sleep(this.options.thinkMs * (0.5 + Math.random()));
      let update: Update | undefined;
      try {
        if (step.kind === 'say') {
          update = this.fake.userSends({ from, text: step.text });
        } else {
          update = this.fake.userPresses({ from, message: { chat: { id: who.id }, message_id: step.messageId }, data: step.data });
          if (update?.callback_query) this.index.expectQuery(update.callback_query.id, who.id);
        }
      } catch (error) {
        this.error('button not on the message', String(error).slice(0, 200));
        break;
      }
      if (!update) {
        this.error('update not created');
        break;
      }
      let timing;
      try {
        timing = await this.client.post(update);
      } catch (error) {
        this.error('webhook POST failed', String(error).slice(0, 200));
        break;
      }
      this.index.sync();
      const calls = this.index.take(who.id);
      this.samples.push({ queuedAt: timing.queuedAt, doneAt: timing.doneAt, waitMs: timing.waitMs, replyAt: calls[0]?.at });
      if (timing.status !== 200) {
        this.error(`webhook answered ${timing.status}`);
        break;
      }
      if (calls.length === 0) {
        this.error('no reply');
        break;
      }
      const message = lastMessage(calls);
      step = nextStep(message, who);
      if (step.kind === 'done' && step.outcome === 'receipt') {
        this.receipts.push(message!.at);
        this.conversations.push({ start: begun, end: message!.at });
      }
    }
    this.failed++;
  }

  result(options: LevelOptions, maxConnections: number, peakRssMb: number, check: LevelResult['check']): LevelResult {
    const seconds = (this.window.end - this.window.start) / 1000;
    const inWindow = (t: number): boolean => t >= this.window.start && t < this.window.end;
    const measured = this.samples.filter((s) => inWindow(s.queuedAt));
    const replied = measured.filter((s) => s.replyAt !== undefined);
    const updatesInWindow = this.samples.filter((s) => inWindow(s.doneAt)).length;
    const signing = this.conversations.filter((c) => inWindow(c.end)).map((c) => c.end - c.start);
    const apiErrors = this.index.apiErrorCount;
    if (apiErrors > 0) {
      this.errorKinds['API call refused by Telegram'] = apiErrors;
      for (const e of this.index.apiErrors.slice(0, 3)) this.errorSamples.push(`${e.method}: ${e.code} ${e.description}`);
    }
    const total = Object.values(this.errorKinds).reduce((a, b) => a + b, 0);
    const target = options.target;
    return {
      target: target.kind === 'bot' ? 'bot' : 'bare-grammy',
      db: target.kind === 'bot' ? target.db : 'none',
      concurrency: options.concurrency,
      thinkMs: options.thinkMs ?? 0,
      measuredSeconds: round(seconds, 3),
      warmupSeconds: round((this.window.start - this.firstStart) / 1000, 2),
      members: { started: this.started, signed: this.receipts.length, failed: this.failed },
      signaturesPerSecond: round(options.concurrency / (mean(signing) / 1000)),
      receiptsPerSecondCounted: round(this.receipts.filter(inWindow).length / seconds),
      timeToSignMs: percentiles(signing),
      updatesPerSecond: round(updatesInWindow / seconds),
      replyLatencyMs: percentiles(replied.map((s) => s.replyAt! - s.queuedAt)),
      roundTripMs: percentiles(measured.map((s) => s.doneAt - s.queuedAt)),
      connectionWaitMs: percentiles(measured.map((s) => s.waitMs)),
      maxConnections,
      peakRssMb: round(peakRssMb),
      botCpuPercent: round(this.cpuPercent, 2),
      botCpuMsPerUpdate: round((this.cpuPercent * 10) / (updatesInWindow / seconds), 2),
      benchCpuPercent: round(this.driverCpuPercent, 2),
      othersCpuPercent: round(Math.max(0, this.othersCpuPercent), 2),
      errors: { total, kinds: this.errorKinds, samples: this.errorSamples },
      ...(check ? { check } : {}),
    };
  }
}
