/** A small platform-neutral HTTP server: GET /healthz plus routes that adapters mount (e.g. a Telegram webhook). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Header names in lower case, as Node gives them. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | object;
}

export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  log: Logger;
  /** Whether the service can do its work; GET /healthz answers 200 when true, 503 otherwise. */
  healthy: () => Promise<boolean>;
  /** Larger request bodies get 413 without being read further. */
  maxBodyBytes?: number;
}

export interface HttpServer {
  /** Adds a route; routes may be added before or after listen(). */
  route(method: string, path: string, handler: HttpHandler): void;
  listen(): Promise<void>;
  /** Stops accepting connections and resolves once requests in flight are answered. */
  close(): Promise<void>;
  /** The bound port once listening (useful when options.port was 0). */
  readonly port: number | undefined;
}

/** Thrown for a request body over the limit; answered with 413. */
class BodyTooLarge extends Error {}

const DEFAULT_MAX_BODY = 1024 * 1024;

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const routes = new Map<string, HttpHandler>();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  routes.set('GET /healthz', async () => {
    const ok = await options.healthy().catch(() => false);
    return { status: ok ? 200 : 503, body: { ok } };
  });

  const server = http.createServer((req, res) => {
    void serve(req, res);
  });
  // A slow or stalled client must not hold a connection (and a shutdown) for minutes.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const handler = routes.get(`${method} ${url.pathname}`) ?? (method === 'HEAD' ? routes.get(`GET ${url.pathname}`) : undefined);
    if (!handler) {
      req.resume();
      const known = [...routes.keys()].some((key) => key.endsWith(` ${url.pathname}`));
      return send(res, known ? { status: 405, body: { ok: false, error: 'method not allowed' } } : { status: 404, body: { ok: false, error: 'not found' } });
    }
    let response: HttpResponse;
    try {
      const body = await readBody(req, maxBody);
      response = await handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body });
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response = { status: 413, body: { ok: false, error: 'request body too large' }, headers: { connection: 'close' } };
      } else {
        // Handlers catch their own failures; this is the last line, so log the kind only: no request data.
        options.log.error({ route: `${method} ${url.pathname}`, error: error instanceof Error ? error.name : typeof error }, 'http handler failed');
        response = { status: 500, body: { ok: false, error: 'internal error' } };
      }
    }
    send(res, response);
  }

  return {
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          options.log.info({ host: address.address, port: address.port }, 'http server listening');
          resolve();
        });
      });
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections with no request would otherwise hold close() open.
        server.closeIdleConnections();
      });
    },
    get port() {
      const address = server.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
  };
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      req.resume();
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, response: HttpResponse): void {
  const isJson = response.body !== undefined && typeof response.body !== 'string';
  const payload = response.body === undefined ? '' : isJson ? JSON.stringify(response.body) : (response.body as string);
  res.writeHead(response.status, {
    'content-type': isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : payload);
}
