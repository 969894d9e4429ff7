/** The one place that speaks node:http: the fake's listening server and its outgoing webhook POSTs. */
import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface IncomingExchange {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Aborts when the client goes away before its answer, or when the server closes. */
  signal: AbortSignal;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export type ExchangeHandler = (exchange: IncomingExchange) => Promise<Reply>;

export interface Listener {
  port: number;
  /** Stops accepting, aborts pending exchanges (long polls) and destroys every socket. */
  close(): Promise<void>;
}

export async function listen(handler: ExchangeHandler): Promise<Listener> {
  const pending = new Set<AbortController>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const aborter = new AbortController();
    pending.add(aborter);
    // 'close' before the answer is written means the client hung up (grammY aborts long polls on stop).
    res.on('close', () => {
      pending.delete(aborter);
      if (!res.writableFinished) aborter.abort();
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => aborter.abort());
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        signal: aborter.signal,
      })
        .then((reply) => write(res, reply))
        .catch((error: unknown) => {
          // A bug in the fake itself: answer like a broken server so the test sees it.
          const description = `Internal Server Error: ${String(error)}`;
          write(res, { status: 500, body: JSON.stringify({ ok: false, error_code: 500, description }) });
        });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake Telegram: no TCP address after listen');

  return {
    port: address.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const aborter of pending) aborter.abort();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(reply.body);
}

export interface PostResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One POST on a fresh connection, so nothing lingers in an agent's pool after the fake closes. */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        signal,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`webhook did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
