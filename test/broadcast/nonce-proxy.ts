/**
 * Discord's enforce_nonce, in front of the fake Discord's REST API (which does not model it): a
 * message post with `enforce_nonce: true` whose nonce this channel has seen gets the first post's
 * answer and creates nothing, as Discord documents for repeats within a few minutes. Everything else
 * is passed through unchanged, rate-limit headers included.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NonceProxy {
  /** DISCORD_API_BASE for the bot. */
  apiBase: string;
  /** Posts answered from the nonce cache instead of reaching the fake. */
  repeats: number;
  close(): Promise<void>;
}

const POST_MESSAGE = /^\/api\/v\d+\/channels\/(\d+)\/messages$/;

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export async function startNonceProxy(target: string): Promise<NonceProxy> {
  const origin = new URL(target).origin;
  const seen = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
  const proxy: NonceProxy = { apiBase: '', repeats: 0, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const raw = await body(request);
      const channel = request.method === 'POST' ? POST_MESSAGE.exec(request.url ?? '')?.[1] : undefined;
      let key: string | undefined;
      if (channel !== undefined && raw.length > 0 && String(request.headers['content-type']).includes('json')) {
        const parsed = JSON.parse(raw.toString('utf8')) as { nonce?: unknown; enforce_nonce?: unknown };
        if (parsed.enforce_nonce === true && parsed.nonce !== undefined) key = `${channel}:${String(parsed.nonce)}`;
      }
      const known = key !== undefined ? seen.get(key) : undefined;
      if (known) {
        proxy.repeats++;
        response.writeHead(known.status, known.headers).end(known.body);
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
      const answer = await fetch(`${origin}${request.url ?? '/'}`, { method: request.method, headers, ...(raw.length > 0 ? { body: raw } : {}) });
      const out = Buffer.from(await answer.arrayBuffer());
      const outHeaders: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) outHeaders[name] = value;
      });
      if (key !== undefined && answer.status === 200) seen.set(key, { status: 200, headers: outHeaders, body: out });
      response.writeHead(answer.status, outHeaders).end(out);
    })().catch((error: unknown) => {
      response.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  proxy.apiBase = `http://127.0.0.1:${port}${new URL(target).pathname}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
