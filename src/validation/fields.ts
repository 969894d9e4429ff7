/** Validators for what members type. Each returns a cleaned value or an i18n key naming the problem. */
import { z } from 'zod';

export type FieldResult = { ok: true; value: string } | { ok: false, error: string };

const ok = (value: string): FieldResult => ({ ok: true, value });
const fail = (error: string): FieldResult => ({ ok: false, error });

/** Longest input we look at; beyond this a message is refused before any work. */
export const MAX_INPUT = 2000;

/**
 * Control characters, bidi overrides/isolates and other format characters (zero-width etc.)
 * are removed: they can disguise a name or reorder what a council reads in the export.
 */
export function stripInvisible(input: string): string {
  return input.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ');
}

function clean(input: string): string {
  return stripInvisible(input.normalize('NFC')).replace(/\s+/gu, ' ').trim();
}

const URL_LIKE = /(https?:\/\/|www\.|[a-z0-9-]+\.(com|org|net|io|uk|hk|cn|info|xyz|me|co)\b)/iu;
const MARKUP_LIKE = /[<>[\]{}`*_#|\\~]|&[a-z]+;/u;
/** Letters and combining marks of any script, joined by spaces, hyphens, apostrophes, dots and middle dots. */
const NAME_SHAPE = /^[\p{L}\p{M}]+(?:[ '’.\-·・][\p{L}\p{M}]*)*\.?$/u;

export function validateName(input: string): FieldResult {
  if (input.length > MAX_INPUT) return fail('validation:name.tooLong');
  const value = clean(input);
  if (value === '') return fail('validation:name.empty');
  if (URL_LIKE.test(value)) return fail('validation:name.url');
  if (MARKUP_LIKE.test(value)) return fail('validation:name.markup');
  const length = [...value].length;
  if (!NAME_SHAPE.test(value)) return fail('validation:name.characters');
  if (length < 2) return fail('validation:name.tooShort');
  if (length > 100) return fail('validation:name.tooLong');
  return ok(value);
}

const emailSchema = z.email();

export function validateEmail(input: string): FieldResult {
  if (input.length > MAX_INPUT) return fail('validation:email.invalid');
  const value = clean(input);
  if (value === '') return fail('validation:email.empty');
  const at = value.lastIndexOf('@');
  const normalised = at > 0 ? `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}` : value;
  if (normalised.length > 254 || !emailSchema.safeParse(normalised).success) return fail('validation:email.invalid');
  return ok(normalised);
}

/** UK postcodes, including GIR 0AA; stored upper-case with the single space in its place. */
const UK_POSTCODE = /^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]? ?[0-9][ABD-HJLNP-UW-Z]{2})$/;

export function validatePostcode(input: string): FieldResult {
  if (input.length > MAX_INPUT) return fail('validation:postcode.invalid');
  const value = clean(input).toUpperCase().replace(/\s+/g, '');
  if (value === '') return fail('validation:postcode.empty');
  if (!UK_POSTCODE.test(value)) return fail('validation:postcode.invalid');
  return ok(`${value.slice(0, -3)} ${value.slice(-3)}`);
}

export type FieldName = 'name' | 'email' | 'postcode';

export const validators: Record<FieldName, (input: string) => FieldResult> = {
  name: validateName,
  email: validateEmail,
  postcode: validatePostcode,
};
