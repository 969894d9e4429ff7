/** Tiny type guards for walking untrusted request JSON. */
import type { Json, JsonObject } from '../world/api-types.js';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}
