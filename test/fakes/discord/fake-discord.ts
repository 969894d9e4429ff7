/** FakeDiscord: wires the world, REST routes and gateway together behind the API tests use. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeContext } from './context.js';
import { GatewayServer } from './gateway/gateway-server.js';
import { afterReady, guildMembersChunk, Intent, readyPayload } from './gateway/payloads.js';
import type { HandleDeps, InteractionHandle } from './interactions/handle.js';
import {
  type AutocompleteInit,
  type ButtonClickInit,
  InteractionFactory,
  type ModalSubmitInit,
  type SelectMenuInit,
  type SlashCommandInit,
} from './interactions/interaction-factory.js';
import { InteractionStore } from './interactions/interaction-store.js';
import { type FakeDiscordOptions, resolveOptions, type ResolvedOptions } from './options.js';
import { CallLog, type CallPredicate, type RecordedCall } from './rest/call-log.js';
import { type CallSummary, FaultInjector, type FailureSpec } from './rest/fault-injector.js';
import { RateLimiter } from './rest/rate-limiter.js';
import { createRequestListener, type RestStats } from './rest/request-listener.js';
import { allRoutes } from './rest/routes/index.js';
import { botToken, snowflake } from './snowflake.js';
import type { ApiChannel, ApiCommand, ApiMessage, ApiRole, ApiUser } from './world/api-types.js';
import { CommandStore } from './world/commands.js';
import { type MessageContent, MessageStore } from './world/messages.js';
import { type MemberInit, type UserInit, World } from './world/world.js';

export interface FakeGuild {
  id: string;
  name: string;
  locale: string;
  ownerId: string;
  channels: Array<{ id: string; name: string; type: number }>;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly options: ResolvedOptions;
  readonly stats: RestStats = { requests: 0, tooManyRequests: 0 };
  /** Errors thrown inside the fake's routes (answered 500); a non-empty list is a fake bug or misuse. */
  readonly internalErrors: Array<{ error: unknown; method: string; path: string }> = [];
  readonly gateway: GatewayServer;
  private readonly world: World;
  private readonly messages = new MessageStore();
  private readonly commandStore: CommandStore;
  private readonly interactions = new InteractionStore();
  private readonly log = new CallLog();
  private readonly faults = new FaultInjector();
  private readonly factory: InteractionFactory;
  private readonly server: Server;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.options = resolveOptions(options);
    this.applicationId = options.applicationId ?? snowflake();
    this.token = options.token ?? botToken(this.applicationId);
    this.world = new World({
      applicationId: this.applicationId,
      botUsername: this.options.botUsername,
      guildName: this.options.guildName,
      guildLocale: this.options.guildLocale,
      channelNames: this.options.channels,
      botPermissions: BigInt(this.options.botPermissions),
      everyonePermissions: BigInt(this.options.everyonePermissions),
    });
    this.commandStore = new CommandStore(this.applicationId);
    const world = this.world;
    this.gateway = new GatewayServer({
      token: this.token,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      ready: (session) => readyPayload(world, session, this.gatewayUrl, this.applicationId),
      afterReady: (session) => afterReady(world, session),
      guildMembers: (request) => guildMembersChunk(world, request),
    });
    const ctx: FakeContext = {
      options: this.options,
      token: this.token,
      applicationId: this.applicationId,
      world,
      messages: this.messages,
      commands: this.commandStore,
      interactions: this.interactions,
      gatewayUrl: () => this.gatewayUrl,
      dispatch: (event, data, intent) => this.gateway.dispatch(event, data, intent),
    };
    const handleDeps: HandleDeps = {
      store: this.interactions,
      messages: this.messages,
      defaultTimeoutMs: this.options.ackDeadlineMs + 2_000,
    };
    this.factory = new InteractionFactory(ctx, (record) => this.sendInteraction(record.payload), handleDeps);
    this.log.observe((call) => this.interactions.observe(call));
    const listener = createRequestListener({
      routes: allRoutes(ctx),
      token: this.token,
      limiter: new RateLimiter({
        enforce: this.options.enforceLimits,
        timeScale: this.options.timeScale,
        globalRequestsPerSecond: this.options.globalRequestsPerSecond,
      }),
      faults: this.faults,
      log: this.log,
      stats: this.stats,
      onInternalError: (error, method, path) => {
        this.internalErrors.push({ error, method, path });
        console.error(`[fake-discord] ${method} ${path} threw`, error);
      },
    });
    this.server = createServer(listener);
    this.server.on('upgrade', (request, socket, head) => this.gateway.handleUpgrade(request, socket, head));
  }

  /** Starts listening on 127.0.0.1 on a free port. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The value for discord.js's `rest.api` option. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get botUser(): ApiUser {
    return this.world.botUser;
  }

  get guild(): FakeGuild {
    const w = this.world;
    const channels = [...w.channels.values()]
      .filter((c) => c.guild_id === w.guildId)
      .map((c) => ({ id: c.id, name: c.name ?? '', type: c.type }));
    return { id: w.guildId, name: w.guildName, locale: w.guildLocale, ownerId: w.ownerId, channels };
  }

  /** The id of a guild channel by name. */
  channelId(name: string): string {
    const channel = this.guild.channels.find((c) => c.name === name);
    if (!channel) throw new Error(`No channel named "${name}"`);
    return channel.id;
  }

  // ── The world ──────────────────────────────────────────────────────────────

  addUser(init: UserInit): ApiUser {
    return this.world.addUser(init);
  }

  /** Adds a member; `permissions` (bitfield string) is granted through a role, as Discord only has roles. */
  addGuildMember(init: MemberInit): ApiUser {
    const user = this.world.addMember(init);
    this.gateway.dispatch('GUILD_MEMBER_ADD', { ...this.world.member(user.id), guild_id: this.world.guildId }, Intent.GuildMembers);
    return user;
  }

  /** The member leaves the guild (GUILD_MEMBER_REMOVE to sessions with the GuildMembers intent). */
  removeGuildMember(userId: string): void {
    const user = this.world.users.get(userId);
    if (!user || !this.world.removeMember(userId)) throw new Error(`${userId} is not a member`);
    this.gateway.dispatch('GUILD_MEMBER_REMOVE', { guild_id: this.world.guildId, user }, Intent.GuildMembers);
  }

  addRole(init: { name: string; permissions: string }): ApiRole {
    const role = this.world.addRole(init.name, BigInt(init.permissions));
    this.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: this.world.guildId, role }, Intent.Guilds);
    return role;
  }

  addChannel(init: { name: string; type?: number }): ApiChannel {
    const channel = this.world.addChannel(init.name, init.type ?? 0);
    this.gateway.dispatch('CHANNEL_CREATE', channel, Intent.Guilds);
    return channel;
  }

  /** A member's guild-wide permissions, as Discord computes them (roles, administrator, owner). */
  permissionsOf(userId: string, channelId?: string): bigint {
    return channelId ? this.world.permissionsIn(userId, channelId) : this.world.guildPermissions(userId);
  }

  /** Denies the bot View Channel there (a member overwrite): posts get 403 50001 Missing Access. */
  removeAccess(channelId: string): void {
    this.gateway.dispatch('CHANNEL_UPDATE', this.world.setBotAccess(channelId, false), Intent.Guilds);
  }

  restoreAccess(channelId: string): void {
    this.gateway.dispatch('CHANNEL_UPDATE', this.world.setBotAccess(channelId, true), Intent.Guilds);
  }

  /** The user refuses DMs from the bot: DM posts get 403 50007. */
  blockDirectMessages(userId: string, blocked = true): void {
    if (blocked) this.world.dmBlocked.add(userId);
    else this.world.dmBlocked.delete(userId);
  }

  /** A message the bot posted before this test (e.g. a petition card from an earlier run), so users can click it. */
  seedBotMessage(init: MessageContent & { channelId?: string }): ApiMessage {
    const channelId = init.channelId ?? this.world.guildTextChannels()[0]!.id;
    if (!this.world.channels.has(channelId)) throw new Error(`Unknown channel ${channelId}`);
    return this.messages.create(channelId, this.world.botUser, init);
  }

  // ── Observing the bot ──────────────────────────────────────────────────────

  /** Every REST call received so far, in order, with its status and answer. */
  get calls(): readonly RecordedCall[] {
    return this.log.calls;
  }

  /** Resolves with the first call, past or future, matching the predicate. */
  waitForCall(predicate: CallPredicate, timeoutMs = 5_000): Promise<RecordedCall> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  /** Forgets recorded calls (not state), so later waits only see new ones. */
  clearCalls(): void {
    this.log.clear();
  }

  /** Non-ephemeral, non-deleted messages in a channel, oldest first. */
  messagesIn(channelId: string): ApiMessage[] {
    return this.messages.inChannel(channelId);
  }

  /** Messages the bot sent to a user's DM channel, oldest first. */
  directMessagesTo(userId: string): ApiMessage[] {
    const channel = [...this.world.channels.values()].find((c) => c.type === 1 && c.recipients?.[0]?.id === userId);
    return channel ? this.messages.inChannel(channel.id) : [];
  }

  message(id: string): ApiMessage | undefined {
    return this.messages.get(id);
  }

  /** Registered commands: global (no argument) or for a guild. */
  commands(guildId?: string): ApiCommand[] {
    return this.commandStore.list(guildId ?? null);
  }

  /** Makes the next matching request(s) fail, e.g. `{ status: 429, retryAfter: 0.05 }`. */
  failNext(predicate: (call: CallSummary) => boolean, spec: FailureSpec = {}): void {
    this.faults.add(predicate, spec);
  }

  // ── Users acting ───────────────────────────────────────────────────────────

  slashCommand(init: SlashCommandInit): InteractionHandle {
    return this.factory.slashCommand(init);
  }

  autocomplete(init: AutocompleteInit): InteractionHandle {
    return this.factory.autocomplete(init);
  }

  clickButton(init: ButtonClickInit): InteractionHandle {
    return this.factory.clickButton(init);
  }

  selectMenu(init: SelectMenuInit): InteractionHandle {
    return this.factory.selectMenu(init);
  }

  submitModal(init: ModalSubmitInit): InteractionHandle {
    return this.factory.submitModal(init);
  }

  /** Sends any gateway dispatch (e.g. GUILD_MEMBER_REMOVE) to every session. */
  dispatch(event: string, data: unknown): void {
    this.gateway.dispatch(event, data);
  }

  /** Resolves once a client has identified (or resumed) and holds an open gateway socket. */
  waitForGatewaySession(timeoutMs = 5_000): Promise<true> {
    return this.gateway.signal.waitFor(() => (this.gateway.liveSessionCount() > 0 ? true : undefined), timeoutMs, () => 'a gateway session');
  }

  /** Closes sockets and the server; pending waits reject. Destroy the client first, or it will try to reconnect. */
  async close(): Promise<void> {
    this.interactions.signal.rejectAll('the fake Discord was closed');
    this.log.signal.rejectAll('the fake Discord was closed');
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private sendInteraction(payload: unknown): void {
    if (this.gateway.sessionCount() === 0) {
      throw new Error('No gateway session: log the client in and wait for clientReady before dispatching interactions');
    }
    this.gateway.dispatch('INTERACTION_CREATE', payload);
  }
}

/** Starts a fake Discord on 127.0.0.1 (REST under /api/v10, the gateway on the same port). */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).listen();
}
