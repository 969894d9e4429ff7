/** Matches a method and decoded path against the route table, telling 404 from 405 as Discord does. */
import type { RestRequest, RestResponse } from './responses.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A per-route rate-limit bucket; `major` names the path param that splits it (e.g. channel id). */
export interface BucketSpec {
  name: string;
  limit: number;
  windowMs: number;
  major?: string;
}

export interface Route {
  method: Method;
  /** e.g. '/channels/:channelId/messages'. */
  pattern: string;
  /** Whether the route needs `Authorization: Bot <token>`. Interaction routes do not. Default true. */
  auth?: boolean;
  /** Interaction routes are exempt from the global limit. Default true. */
  globalLimit?: boolean;
  /** The route's bucket; absent = a generous default per route; 'none' = no bucket and no headers. */
  bucket?: BucketSpec | 'none';
  handle(request: RestRequest): RestResponse;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

export function matchRoute(routes: readonly Route[], method: string, segments: readonly string[]): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', route, params };
    pathMatched = true;
  }
  return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}
