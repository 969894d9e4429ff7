/** Parses request bodies the way discord.js sends them: JSON, or multipart with payload_json plus files. */
import type { UploadedFile } from './responses.js';

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
  /** Set when the body could not be parsed; Discord answers 50109 "The request body contains invalid JSON". */
  invalid?: boolean;
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return { body: undefined, files: [], invalid: true };
  }
}

/** Just enough multipart: payload_json becomes the body, other parts are recorded as files. */
function parseMultipart(raw: Buffer, contentType: string): ParsedBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return { body: undefined, files: [], invalid: true };
  const text = raw.toString('latin1');
  let body: unknown;
  const files: UploadedFile[] = [];
  for (const part of text.split(`--${marker}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (filename === undefined && name === 'payload_json') {
      try {
        body = JSON.parse(Buffer.from(content, 'latin1').toString('utf8'));
      } catch {
        return { body: undefined, files, invalid: true };
      }
    } else if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
      files.push({ field: name, filename, contentType: type, size: Buffer.byteLength(content, 'latin1') });
    }
  }
  return { body, files };
}
