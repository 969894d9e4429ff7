/** The HTTP side of the fake: parse, record, inject faults, route, authenticate, rate-limit, answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody } from './body.js';
import type { CallLog } from './call-log.js';
import type { FaultInjector } from './fault-injector.js';
import type { RateLimiter } from './rate-limiter.js';
import { apiError, Errors, type RestRequest, type RestResponse, type UploadedFile } from './responses.js';
import { matchRoute, type Route } from './router.js';

const API_PREFIX = ['api', 'v10'];

export interface RestStats {
  requests: number;
  tooManyRequests: number;
}

export interface RestDeps {
  routes: readonly Route[];
  token: string;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: CallLog;
  stats: RestStats;
  /** A route threw: a bug in the fake or a test's misuse; answered 500 and reported here. */
  onInternalError(error: unknown, method: string, path: string): void;
}

export function createRequestListener(deps: RestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = `/${segments.slice(API_PREFIX.length).join('/')}`;
      const parsed = parseBody(Buffer.concat(chunks), req.headers['content-type']);
      const response = answer(deps, {
        method,
        segments,
        path,
        query: url.searchParams,
        body: parsed.body,
        files: parsed.files,
        invalid: parsed.invalid === true,
        authorization: req.headers.authorization,
        at,
      });
      deps.stats.requests += 1;
      if (response.status === 429) deps.stats.tooManyRequests += 1;
      send(res, response);
      deps.log.record({
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        body: parsed.body,
        files: parsed.files,
        headers: flattenHeaders(req.headers),
        at,
        status: response.status,
        response: response.body,
      });
    });
  };
}

interface Incoming {
  method: string;
  segments: string[];
  path: string;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  invalid: boolean;
  authorization: string | undefined;
  at: number;
}

function answer(deps: RestDeps, incoming: Incoming): RestResponse {
  const { method, segments, path } = incoming;
  if (segments[0] !== API_PREFIX[0] || segments[1] !== API_PREFIX[1]) return Errors.notFound();
  const injected = deps.faults.take({ method, path, body: incoming.body });
  if (injected) return injected;
  const match = matchRoute(deps.routes, method, segments.slice(API_PREFIX.length));
  if (match.kind === 'not-found') return Errors.notFound();
  if (match.kind === 'method-not-allowed') return Errors.methodNotAllowed();
  const { route, params } = match;
  if (route.auth !== false && incoming.authorization !== `Bot ${deps.token}`) return Errors.unauthorized();
  const admission = deps.limiter.admit(route, params, incoming.at);
  if (admission.limited) return admission.limited;
  if (incoming.invalid) return apiError(400, 50109, 'The request body contains invalid JSON.');
  const request: RestRequest = { method, path, params, query: incoming.query, body: incoming.body, files: incoming.files };
  let response: RestResponse;
  try {
    response = route.handle(request);
  } catch (error) {
    deps.onInternalError(error, method, path);
    response = apiError(500, 0, '500: Internal Server Error');
  }
  return { ...response, headers: { ...admission.headers, ...response.headers } };
}

function send(res: ServerResponse, response: RestResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined || response.status === 204) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const payload = JSON.stringify(response.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers).end(payload);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
