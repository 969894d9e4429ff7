/** The fake gateway: accepts WebSocket upgrades on the fake's port and routes dispatches to live sessions. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ChangeSignal } from '../signal.js';
import { CloseCode, GatewayConnection, type GatewayHooks, Op } from './connection.js';
import { type Compression, GatewayEncoder } from './encoder.js';
import { GatewaySession } from './session.js';

/** What the client asked for in the URL, for tests to assert on. */
export interface GatewayConnectInfo {
  version: string | null;
  encoding: string | null;
  compress: string | null;
}

export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
}

export type SessionHooks = Omit<GatewayHooks, 'createSession' | 'findSession' | 'changed'>;

export class GatewayServer {
  readonly stats: GatewayStats = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0 };
  readonly connects: GatewayConnectInfo[] = [];
  readonly signal = new ChangeSignal();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Set<GatewayConnection>();
  private readonly hooks: GatewayHooks;

  constructor(hooks: SessionHooks) {
    this.hooks = {
      token: hooks.token,
      heartbeatIntervalMs: hooks.heartbeatIntervalMs,
      ready: (s) => hooks.ready(s),
      afterReady: (s) => hooks.afterReady(s),
      guildMembers: (r) => hooks.guildMembers(r),
      createSession: (intents) => {
        const session = new GatewaySession(intents);
        this.sessions.set(session.id, session);
        return session;
      },
      findSession: (id) => this.sessions.get(id),
      changed: (kind) => {
        if (kind === 'identify') this.stats.identifies += 1;
        if (kind === 'resume') this.stats.resumes += 1;
        if (kind === 'heartbeat') this.stats.heartbeats += 1;
        this.signal.notify();
      },
    };
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(request.url ?? '/', 'ws://fake.invalid').searchParams;
    const info: GatewayConnectInfo = { version: query.get('v'), encoding: query.get('encoding'), compress: query.get('compress') };
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.stats.connections += 1;
      this.connects.push(info);
      const compression: Compression = info.compress === 'zlib-stream' ? 'zlib-stream' : 'none';
      const connection = new GatewayConnection(ws, new GatewayEncoder(compression), this.hooks);
      this.connections.add(connection);
      ws.on('close', (code) => {
        this.connections.delete(connection);
        // A client closing with 1000/1001 ends its session on Discord; any other code keeps it resumable.
        if (connection.session && (code === 1000 || code === 1001)) this.sessions.delete(connection.session.id);
        this.signal.notify();
      });
      if (info.version !== '10') connection.close(CloseCode.InvalidApiVersion, 'Invalid API version.');
      else if (info.encoding !== 'json') connection.close(CloseCode.DecodeError, 'The fake gateway speaks JSON only.');
    });
  }

  /**
   * Sends a dispatch to every session whose intents include `intent` (all sessions without one).
   * A session whose socket is down keeps it in its backlog, and gets it on RESUME, as Discord does.
   */
  dispatch(t: string, d: unknown, intent?: number): number {
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      const dispatch = session.next(t, d);
      const live = [...this.connections].find((c) => c.session === session && c.open);
      live?.sendDispatch(dispatch);
      delivered += 1;
    }
    return delivered;
  }

  /** Sessions with an identified, open socket. */
  liveSessionCount(): number {
    return [...this.connections].filter((c) => c.session && c.open).length;
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  /** Op 7: asks clients to reconnect and RESUME. */
  requestReconnect(): void {
    for (const connection of this.connections) connection.send({ op: Op.Reconnect, d: null, s: null, t: null });
  }

  /** Drops every socket with a close code; 4000 ("unknown error") makes discord.js resume. */
  dropConnections(code = 4000, reason = 'Dropped by the fake'): void {
    for (const connection of this.connections) connection.close(code, reason);
  }

  /** Op 9 to every live socket: the session is gone; the client must identify again. */
  invalidateSessions(): void {
    for (const connection of this.connections) connection.send({ op: Op.InvalidSession, d: false, s: null, t: null });
    this.sessions.clear();
  }

  close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
    this.signal.rejectAll('the fake Discord was closed');
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
