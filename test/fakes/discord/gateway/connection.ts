/** One gateway WebSocket: HELLO, IDENTIFY or RESUME, heartbeats, and the close codes Discord uses for misuse. */
import type { WebSocket } from 'ws';
import { isObject } from '../validate/json.js';
import type { GatewayEncoder } from './encoder.js';
import type { GatewaySession, SentDispatch } from './session.js';

export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export const CloseCode = {
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidShard: 4010,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
} as const;

export interface GatewayHooks {
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  /** READY's `d` for a new session. */
  ready(session: GatewaySession): unknown;
  /** Dispatches that follow READY (GUILD_CREATE). */
  afterReady(session: GatewaySession): Array<{ t: string; d: unknown }>;
  /** GUILD_MEMBERS_CHUNK's `d` for an op 8 request. */
  guildMembers(request: Record<string, unknown>): unknown;
  createSession(intents: number): GatewaySession;
  findSession(id: string): GatewaySession | undefined;
  /** A heartbeat, identify or resume happened; waiters may care. */
  changed(kind: 'identify' | 'resume' | 'heartbeat'): void;
}

export class GatewayConnection {
  session: GatewaySession | null = null;

  constructor(
    readonly socket: WebSocket,
    private readonly encoder: GatewayEncoder,
    private readonly hooks: GatewayHooks,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('close', () => encoder.close());
    this.send({ op: Op.Hello, d: { heartbeat_interval: hooks.heartbeatIntervalMs, _trace: ['["fake-gateway",{}]'] }, s: null, t: null });
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  sendDispatch(dispatch: SentDispatch): void {
    this.send(dispatch);
  }

  send(payload: unknown): void {
    this.encoder.encode(payload, (frame) => {
      if (this.open) this.socket.send(frame);
    });
  }

  close(code: number, reason: string): void {
    if (this.open) this.socket.close(code, reason);
  }

  private receive(data: Buffer, isBinary: boolean): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data.toString('utf8'));
    } catch {
      return this.close(CloseCode.DecodeError, isBinary ? 'Error while decoding payload.' : 'Decode error');
    }
    if (!isObject(payload)) return this.close(CloseCode.DecodeError, 'Error while decoding payload.');
    const d = isObject(payload['d']) ? payload['d'] : {};
    switch (payload['op']) {
      case Op.Heartbeat:
        this.send({ op: Op.HeartbeatAck, d: null, s: null, t: null });
        return this.hooks.changed('heartbeat');
      case Op.Identify:
        return this.identify(d);
      case Op.Resume:
        return this.resume(d);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
        this.requireSession();
        return;
      case Op.RequestGuildMembers:
        if (!this.requireSession()) return;
        return this.sendDispatch(this.session!.next('GUILD_MEMBERS_CHUNK', this.hooks.guildMembers(d)));
      default:
        return this.close(CloseCode.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private requireSession(): boolean {
    if (this.session) return true;
    this.close(CloseCode.NotAuthenticated, 'Not authenticated.');
    return false;
  }

  private identify(d: Record<string, unknown>): void {
    if (this.session) return this.close(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
    if (d['token'] !== this.hooks.token) return this.close(CloseCode.AuthenticationFailed, 'Authentication failed.');
    if (typeof d['intents'] !== 'number') return this.close(CloseCode.InvalidIntents, 'Invalid intent(s).');
    const shard = d['shard'];
    if (shard !== undefined && !(Array.isArray(shard) && shard[0] === 0 && shard[1] === 1)) {
      return this.close(CloseCode.InvalidShard, 'Invalid shard.');
    }
    if (d['compress'] === true) this.encoder.usePayloadCompression();
    const session = this.hooks.createSession(d['intents']);
    this.session = session;
    this.sendDispatch(session.next('READY', this.hooks.ready(session)));
    for (const { t, d: data } of this.hooks.afterReady(session)) this.sendDispatch(session.next(t, data));
    this.hooks.changed('identify');
  }

  /** Replays what the client missed, then RESUMED; an unknown session gets op 9 (not resumable). */
  private resume(d: Record<string, unknown>): void {
    if (this.session) return this.close(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
    const session = typeof d['session_id'] === 'string' ? this.hooks.findSession(d['session_id']) : undefined;
    const seq = typeof d['seq'] === 'number' ? d['seq'] : -1;
    if (d['token'] !== this.hooks.token) return this.close(CloseCode.AuthenticationFailed, 'Authentication failed.');
    if (!session || !session.canReplayFrom(seq)) {
      this.send({ op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    this.session = session;
    for (const dispatch of session.replayFrom(seq)) this.sendDispatch(dispatch);
    this.sendDispatch(session.next('RESUMED', { _trace: ['["fake-gateway",{}]'] }));
    this.hooks.changed('resume');
  }
}
