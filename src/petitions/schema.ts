/** The petition file format (data/petitions/*.yaml), validated with zod. */
import { z } from 'zod';
import { isSafeUrl } from '../text/rich';

const bilingual = (max: number) =>
  z.object({
    en: z.string().trim().min(1).max(max),
    yue: z.string().trim().min(1).max(max),
  });

const dateish = z.union([z.date(), z.string().trim().min(1)]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'is not a date (use YYYY-MM-DD)' });
    return z.NEVER;
  }
  return d;
});

export const askLevel = z.enum(['none', 'optional', 'required']);
export type AskLevel = z.infer<typeof askLevel>;
export const petitionStatus = z.enum(['draft', 'open', 'closed']);
export type PetitionStatus = z.infer<typeof petitionStatus>;

export const petitionFileSchema = z
  .object({
    // The slug travels in buttons and deep links (Telegram: 64 bytes with a prefix).
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'lowercase letters, digits and hyphens, 3 to 40 characters'),
    status: petitionStatus.default('draft'),
    goal: z.number().int().positive(),
    recipient: z.string().trim().min(1).max(200),
    officialUrl: z.string().refine(isSafeUrl, 'must be an http(s) URL').optional(),
    place: z.string().trim().min(1).max(100).optional(),
    opensAt: dateish.optional(),
    closesAt: dateish.optional(),
    askEmail: askLevel.default('none'),
    askPostcode: askLevel.default('none'),
    title: bilingual(200),
    summary: bilingual(1000),
    text: bilingual(10000),
    eligibility: bilingual(300),
  })
  .strict()
  .refine((p) => !p.opensAt || !p.closesAt || p.opensAt < p.closesAt, { message: 'closesAt must be after opensAt', path: ['closesAt'] });

export type PetitionFile = z.infer<typeof petitionFileSchema>;
