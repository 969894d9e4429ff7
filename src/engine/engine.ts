/** The conversation engine: one event in, replies out; serial per member, idempotent, state in the database. */
import type { Db, Tx } from '../db/client';
import { isTransient, isUniqueViolation } from '../db/client';
import type { Identity } from '../privacy/identity';
import { detectLanguage, type Lang } from '../i18n/translator';
import { Ctx, type Services } from './context';
import type { CommandHandler, Feature, FlowHandler } from './feature';
import { KeyedQueue } from './queue';
import { StateConflict, type StateStore } from './state';
import type { CommandSpec, EngineResult, InboundEvent, Reply } from './types';

export interface EngineOptions {
  db: Db;
  /** Runs a unit of work in a write transaction (Database.write). */
  transact: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  identity: Identity;
  states: StateStore;
  services: Services;
  features: Feature[];
  /** Language for members with no saved choice and no client language (the console). */
  defaultLanguage?: Lang;
  clock?: () => Date;
}

/** Deep-link payloads as Telegram allows them; anything else is treated as a plain /start. */
export const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_ATTEMPTS = 5;
const MAX_TEXT = 4096;

export class Engine {
  private readonly queue = new KeyedQueue();
  private readonly commands = new Map<string, CommandHandler>();
  private readonly buttons = new Map<string, (ctx: Ctx, parts: string[]) => Promise<void>>();
  private readonly starts = new Map<string, (ctx: Ctx, rest: string) => Promise<void>>();
  private readonly flows = new Map<string, FlowHandler>();
  private readonly clock: () => Date;

  constructor(private readonly options: EngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    for (const feature of options.features) {
      for (const c of feature.commands ?? []) this.register(this.commands, c.spec.name, c, feature.name);
      for (const [k, v] of Object.entries(feature.buttons ?? {})) this.register(this.buttons, k, v, feature.name);
      for (const [k, v] of Object.entries(feature.startPayloads ?? {})) this.register(this.starts, k, v, feature.name);
      for (const [k, v] of Object.entries(feature.flows ?? {})) this.register(this.flows, k, v, feature.name);
    }
  }

  private register<T>(map: Map<string, T>, key: string, value: T, feature: string): void {
    if (map.has(key)) throw new Error(`Feature ${feature} registers "${key}", which another feature already has`);
    map.set(key, value);
  }

  get services(): Services {
    return this.options.services;
  }

  /** Command menu entries, for adapters to publish (setMyCommands, Discord registration). */
  commandSpecs(): CommandSpec[] {
    const builtIn: CommandSpec[] = [
      { name: 'start', descriptionKey: 'commands:start', scope: 'private' },
      { name: 'cancel', descriptionKey: 'commands:cancel', scope: 'private' },
    ];
    return [...builtIn, ...[...this.commands.values()].map((c) => c.spec)];
  }

  memberHash(event: Pick<InboundEvent, 'actor'>): string {
    return this.options.identity.memberHash(event.actor.platform, event.actor.userId);
  }

  /** Handles one event. Throws only on our own bugs or an unreachable database; adapters catch at their boundary. */
  async handle(event: InboundEvent): Promise<EngineResult> {
    const memberHash = this.memberHash(event);
    return this.queue.run(memberHash, () => this.handleSerially(event, memberHash));
  }

  /** The language to use for a member when something failed outside the engine. */
  async languageOf(event: InboundEvent): Promise<Lang> {
    const prefs = await this.options.services.preferences.get(this.options.db, this.memberHash(event)).catch(() => null);
    return prefs?.lang ?? this.fallbackLanguage(event);
  }

  /** A reply for when handling failed, in the member's language. */
  async failureReplies(event: InboundEvent): Promise<EngineResult> {
    const lang = await this.languageOf(event);
    return { lang, replies: [{ kind: 'message', text: this.options.services.translator.t(lang, 'common:error') }] };
  }

  /** Waits for events in flight (graceful shutdown). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  private fallbackLanguage(event: InboundEvent): Lang {
    const client = event.actor.clientLanguage;
    return client ? detectLanguage(client) : (this.options.defaultLanguage ?? 'en');
  }

  private async handleSerially(event: InboundEvent, memberHash: string): Promise<EngineResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.options.transact((tx) => this.process(tx, event, memberHash));
      } catch (error) {
        // Another process advanced this member's state, or raced us to a unique row: start over
        // from what is now stored. The second pass sees the winner's work (e.g. "already signed").
        if ((error instanceof StateConflict || isUniqueViolation(error)) && attempt < MAX_ATTEMPTS) continue;
        if (isTransient(error) && attempt < MAX_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
          continue;
        }
        throw error;
      }
    }
  }

  private async process(tx: Tx, event: InboundEvent, memberHash: string): Promise<EngineResult> {
    const now = this.clock();
    const { services, states } = { services: this.options.services, states: this.options.states };
    if (event.id !== undefined) {
      // One statement that both checks and records: ON CONFLICT DO NOTHING means the same on SQLite
      // and PostgreSQL, and unlike a failed insert it leaves a PostgreSQL transaction usable.
      const inserted = await tx.$executeRaw`INSERT INTO "ProcessedUpdate" ("platform", "updateKey", "processedAt") VALUES (${event.actor.platform}, ${event.id}, ${now}) ON CONFLICT DO NOTHING`;
      if (inserted === 0) return this.replay(tx, event);
    }
    const prefs = await services.preferences.get(tx, memberHash);
    const lang = prefs.lang ?? this.fallbackLanguage(event);
    const loaded = await states.load(tx, memberHash, now);
    const ctx = new Ctx(event, memberHash, lang, tx, services, now, loaded.state);
    await this.dispatch(ctx, loaded.expired);
    if (ctx.stateChanged) await states.save(tx, memberHash, loaded, ctx.state, now);
    else if (loaded.expired) await states.save(tx, memberHash, loaded, null, now);
    if (event.redeliverable && event.id !== undefined && ctx.replies.length > 0) {
      // Encrypted: replies can show a member's name and postcode (the review).
      const sealed = services.cipher.encrypt(JSON.stringify({ lang: ctx.lang, replies: ctx.replies }));
      await tx.$executeRaw`UPDATE "ProcessedUpdate" SET "repliesEnc" = ${sealed} WHERE "platform" = ${event.actor.platform} AND "updateKey" = ${event.id}`;
    }
    return { replies: ctx.replies, lang: ctx.lang };
  }

  /** A replay: nothing to do again, but replies that were never confirmed sent are returned for sending. */
  private async replay(tx: Tx, event: InboundEvent): Promise<EngineResult> {
    const none: EngineResult = { replies: [], lang: this.fallbackLanguage(event), duplicate: true };
    if (!event.redeliverable) return none;
    const rows = await tx.$queryRaw<{ repliesEnc: string | null }[]>`SELECT "repliesEnc" FROM "ProcessedUpdate" WHERE "platform" = ${event.actor.platform} AND "updateKey" = ${event.id}`;
    const sealed = rows[0]?.repliesEnc;
    if (!sealed) return none;
    const kept = JSON.parse(this.options.services.cipher.decrypt(sealed)) as { lang: EngineResult['lang']; replies: Reply[] };
    return { replies: kept.replies, lang: kept.lang, duplicate: true, redelivered: true };
  }

  /** The adapter sent this event's replies: forget them (they may hold personal data). */
  async delivered(event: InboundEvent): Promise<void> {
    if (!event.redeliverable || event.id === undefined) return;
    const { platform } = event.actor;
    const key = event.id;
    await this.options.transact((tx) => tx.$executeRaw`UPDATE "ProcessedUpdate" SET "repliesEnc" = NULL WHERE "platform" = ${platform} AND "updateKey" = ${key} AND "repliesEnc" IS NOT NULL`);
  }

  private async dispatch(ctx: Ctx, expired: boolean): Promise<void> {
    const input = ctx.event.input;
    switch (input.kind) {
      case 'command':
        return this.onCommand(ctx, input.name.toLowerCase(), input.args.slice(0, MAX_TEXT));
      case 'start':
        return this.onStart(ctx, input.payload);
      case 'button':
        return this.onButton(ctx, input.data, expired);
      case 'text':
        return this.onText(ctx, input.text.slice(0, MAX_TEXT + 1), expired);
      case 'form':
        return this.onForm(ctx, input.formId, input.values, expired);
    }
  }

  private async onCommand(ctx: Ctx, name: string, args: string): Promise<void> {
    if (name === 'start') return this.onStart(ctx, args.trim());
    if (name === 'cancel') {
      const hadFlow = ctx.state !== null;
      ctx.endFlow();
      if (ctx.isPrivate) ctx.say(hadFlow ? 'common:cancelled' : 'common:nothingToCancel');
      return;
    }
    const command = this.commands.get(name);
    if (!command) {
      // In groups, other bots' commands are none of our business.
      if (ctx.isPrivate) ctx.say('common:unknownCommand', { command: `/${name}` });
      return;
    }
    if (!ctx.isPrivate && !command.inGroups) {
      ctx.reply({ kind: 'privateOnly', text: ctx.t('common:privateOnly'), payload: 'start', label: ctx.s('common:openPrivate') });
      return;
    }
    await command.run(ctx, args.trim());
  }

  private async onStart(ctx: Ctx, payload: string): Promise<void> {
    if (payload !== '' && START_PAYLOAD.test(payload)) {
      const dash = payload.indexOf('-');
      const handler = dash > 0 ? this.starts.get(payload.slice(0, dash)) : undefined;
      if (handler) {
        if (!ctx.isPrivate) {
          ctx.reply({ kind: 'privateOnly', text: ctx.t('common:privateOnly'), payload, label: ctx.s('common:openPrivate') });
          return;
        }
        return handler(ctx, payload.slice(dash + 1));
      }
    }
    const welcome = this.commands.get('help');
    ctx.say('common:welcome');
    if (welcome && ctx.isPrivate) await welcome.run(ctx, '');
  }

  private async onButton(ctx: Ctx, data: string, expired: boolean): Promise<void> {
    const [prefix, ...parts] = data.split(':');
    const handler = prefix === undefined ? undefined : this.buttons.get(prefix);
    if (!handler) {
      ctx.notice(expired ? 'common:expired' : 'common:staleButton');
      return;
    }
    await handler(ctx, parts);
  }

  private async onText(ctx: Ctx, text: string, expired: boolean): Promise<void> {
    if (!ctx.isPrivate) return;
    const state = ctx.state;
    const flow = state ? this.flows.get(state.flow) : undefined;
    if (flow?.onText) return flow.onText(ctx, text);
    ctx.say(expired ? 'common:expired' : 'common:notUnderstood');
  }

  private async onForm(ctx: Ctx, formId: string, values: Record<string, string>, expired: boolean): Promise<void> {
    const state = ctx.state;
    const flow = state ? this.flows.get(state.flow) : undefined;
    if (flow?.onForm) return flow.onForm(ctx, formId, values);
    ctx.say(expired ? 'common:expired' : 'common:staleButton');
  }
}

export type { Reply };
