/** Decodes a Bot API request (query string plus JSON, urlencoded or multipart body) into text parameters. */
import { badRequest } from './api-error';
import { UploadedFile, type RawValue } from './params';

export interface DecodedRequest {
  /** Values as the Bot API sees them: text, or an uploaded file. */
  raw: Map<string, RawValue>;
  /** The same values in the shape a test wants to assert on (JSON kept as sent, best effort otherwise). */
  display: Record<string, unknown>;
}

export function decodeRequest(query: URLSearchParams, contentType: string | undefined, body: Buffer): DecodedRequest {
  const raw = new Map<string, RawValue>();
  const display: Record<string, unknown> = {};
  const put = (name: string, value: RawValue, shown: unknown): void => {
    raw.set(name, value);
    display[name] = shown;
  };

  for (const [name, value] of query) put(name, value, guessJson(value));

  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return { raw, display };
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { raw, display };
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      // The Bot API re-encodes non-string JSON values and then parses them per field.
      if (value === null || value === undefined) continue;
      put(name, typeof value === 'string' ? value : JSON.stringify(value), value);
    }
  } else if (type === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) put(name, value, guessJson(value));
  } else if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
    if (boundary) {
      for (const part of multipartParts(body, boundary)) {
        put(part.name, part.value, part.value instanceof UploadedFile ? part.value : guessJson(part.value));
      }
    }
  }
  return { raw, display };
}

interface Part {
  name: string;
  value: RawValue;
}

function* multipartParts(body: Buffer, boundary: string): Generator<Part> {
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) return;
    const chunk = body.subarray(start + delimiter.length, next);
    start = next;
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = chunk.subarray(0, headerEnd).toString('utf8');
    // Each part ends with the CRLF that precedes the next delimiter.
    const content = chunk.subarray(headerEnd + 4, chunk.length - 2);
    const name = /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers)?.slice(1).find((value) => value !== undefined);
    const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
    yield {
      name,
      value: filename === undefined ? content.toString('utf8') : new UploadedFile(filename, partType, content.length),
    };
  }
}

// For display only: numbers, booleans and JSON objects sent as text become values again when that is lossless.
function guessJson(text: string): unknown {
  if (/^[[{]/.test(text) || text === 'true' || text === 'false' || /^-?\d+$/.test(text)) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'number' || String(parsed) === text) return parsed;
    } catch {
      return text;
    }
  }
  return text;
}
