/** The request and response shapes route handlers use, and Discord's error bodies. */
import type { FormErrors } from '../validate/form-errors.js';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface RestRequest {
  method: string;
  /** Decoded path after /api/v10, e.g. /webhooks/1/abc/messages/@original. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function ok(body: unknown, status = 200): RestResponse {
  return { status, body };
}

export function noContent(): RestResponse {
  return { status: 204 };
}

/** Discord's JSON error: `{ message, code }`, plus `errors` for form validation. */
export function apiError(status: number, code: number, message: string): RestResponse {
  return { status, body: { message, code } };
}

/** 50035 with the field tree; `prefix` nests it, e.g. under 'data' for an interaction callback. */
export function formError(errors: FormErrors, prefix: readonly string[] = []): RestResponse {
  const tree = prefix.reduceRight<unknown>((inner, key) => ({ [key]: inner }), errors.errors);
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: tree } };
}

/** Error codes the fake answers with, named as Discord's docs name them. */
export const Errors = {
  unauthorized: () => apiError(401, 0, '401: Unauthorized'),
  notFound: () => apiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => apiError(405, 0, '405: Method Not Allowed'),
  unknownApplication: () => apiError(404, 10002, 'Unknown Application'),
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => apiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownUser: () => apiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => apiError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  missingAccess: () => apiError(403, 50001, 'Missing Access'),
  emptyMessage: () => apiError(400, 50006, 'Cannot send an empty message'),
  cannotDm: () => apiError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => apiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => apiError(401, 50027, 'Invalid Webhook Token'),
  alreadyAcknowledged: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
} as const;
