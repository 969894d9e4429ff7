/** A Bot API refusal as Telegram words it: error code, description and optional parameters. */
import type { ResponseParameters } from 'grammy/types';

export interface TelegramError {
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

/** Thrown by method handlers; the dispatcher turns it into `{ ok: false, ... }` with its code as HTTP status. */
export class ApiError extends Error {
  constructor(readonly error: TelegramError) {
    super(error.description);
    this.name = 'ApiError';
  }
}

// The Bot API lower-cases the first letter of TDLib's messages unless they are SHOUTED_CODES.
function botApiWording(reason: string): string {
  const second = reason.charAt(1);
  if (second === '_' || (second >= 'A' && second <= 'Z')) return reason;
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

export const badRequest = (reason: string, parameters?: ResponseParameters): ApiError =>
  new ApiError({
    error_code: 400,
    description: `Bad Request: ${botApiWording(reason)}`,
    ...(parameters ? { parameters } : {}),
  });

export const unauthorized = (detail?: string): ApiError =>
  new ApiError({ error_code: 401, description: detail ? `Unauthorized: ${detail}` : 'Unauthorized' });

export const forbidden = (reason: string): ApiError =>
  new ApiError({ error_code: 403, description: `Forbidden: ${reason}` });

export const notFound = (): ApiError => new ApiError({ error_code: 404, description: 'Not Found' });

export const conflict = (reason: string): ApiError =>
  new ApiError({ error_code: 409, description: `Conflict: ${reason}` });

export const tooManyRequests = (retryAfterSeconds: number): ApiError =>
  new ApiError({
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfterSeconds}`,
    parameters: { retry_after: retryAfterSeconds },
  });
