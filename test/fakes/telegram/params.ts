/** Reads request parameters the way the Bot API does: every value arrives as text and is parsed per field. */
import { badRequest } from './api-error';

/** A file sent in a multipart body; Telegram would store it and hand back a file_id. */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly size: number,
  ) {}
}

export type RawValue = string | UploadedFile;

export class Params {
  constructor(private readonly raw: ReadonlyMap<string, RawValue>) {}

  /** The parameter as text; absent parameters read as '' like in the Bot API. */
  text(name: string): string {
    const value = this.raw.get(name);
    return typeof value === 'string' ? value : '';
  }

  has(name: string): boolean {
    return this.text(name) !== '' || this.file(name) !== undefined;
  }

  /** An uploaded file, given directly or as "attach://<part name>" (how grammY sends uploads). */
  file(name: string): UploadedFile | undefined {
    const value = this.raw.get(name);
    if (typeof value === 'string' && value.startsWith('attach://')) {
      const attached = this.raw.get(value.slice('attach://'.length));
      return attached instanceof UploadedFile ? attached : undefined;
    }
    return value instanceof UploadedFile ? value : undefined;
  }

  /** Like TDLib's `get_integer_arg`: empty gives the default, junk gives 0, then the value is clamped. */
  int(name: string, fallback = 0, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const text = this.text(name).trim();
    const value = text === '' ? fallback : leadingInteger(text);
    return Math.min(max, Math.max(min, value));
  }

  /** Like TDLib's `to_bool`: only "true", "yes" and "1" are true. */
  bool(name: string): boolean {
    return ['true', 'yes', '1'].includes(this.text(name).trim().toLowerCase());
  }

  /** A JSON-encoded parameter; `undefined` when absent, a 400 with Telegram's wording when unparsable. */
  json(name: string, unparsable: string): unknown {
    const text = this.text(name);
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw badRequest(unparsable);
    }
  }

  names(): string[] {
    return [...this.raw.keys()];
  }
}

function leadingInteger(text: string): number {
  const match = /^[+-]?\d+/.exec(text);
  return match ? Number(match[0]) : 0;
}
