/** Admin: import, export and correct the twin links; every change is audited and bumps the 'twins' version so running bots rebuild. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Tx } from '../../db/client';
import { AdminError, takeOption, type AdminCommand, type AdminContext } from '../context';
import {
  bumpTwinVersion,
  parseTwinCsv,
  readTwinCsvFile,
  readTwinLinks,
  readTwinVersion,
  replaceTwinLinks,
  saveTwinLink,
  seedTwinLinks,
  serializeTwinCsv,
  SHIPPED_TWIN_CSV,
  sortTwinLinks,
  TWIN_STATUSES,
  updateLinkStatus,
  type TwinCsvError,
  type TwinCsvReason,
  type TwinLink,
  type TwinWriteSummary,
} from '../../twin';

const REASONS: Record<TwinCsvReason, string> = {
  required: 'is required',
  'bad-status': `must be one of ${TWIN_STATUSES.join(', ')}`,
  'bad-type': 'must be sister, friendship, partnership or empty',
  'bad-year': 'must be a four-digit year from 1950 to this year, or empty',
  'ended-year-not-allowed': 'is only allowed when the status is ended or suspended',
  'ended-before-since': 'is before since_year',
  'bad-url': 'must be an http(s) URL',
  'multiple-urls': 'must hold one URL (put further sources in notes)',
  'not-chinese': 'must be written in Chinese characters',
  'wikipedia-row-not-unknown': 'must be unknown while the notes say the row is Wikipedia-derived only',
  'malformed-csv': 'is not valid CSV (look for an unclosed quote)',
  'empty-file': 'the file is empty',
  'missing-column': 'is missing from the header',
  'duplicate-column': 'appears twice in the header',
  'wrong-field-count': 'has a different number of fields from the header',
  'duplicate-key': 'repeats the city, country and partner of an earlier row',
};

const MAX_SHOWN = 50;

function describeError(e: TwinCsvError): string {
  const where = e.column ? `row ${e.row}, ${e.column}` : `row ${e.row}`;
  let extra = '';
  if (e.reason === 'duplicate-key' && e.firstRow !== undefined) extra = ` (first at row ${e.firstRow})`;
  else if (e.reason === 'wrong-field-count' && e.value !== undefined) extra = ` (${e.value} fields)`;
  else if (e.value !== undefined && e.value !== '') extra = ` (got "${e.value.length > 60 ? `${e.value.slice(0, 59)}…` : e.value}")`;
  return `  ${where}: ${REASONS[e.reason]}${extra}`;
}

/** Audited in the same transaction as the change: a change is never left unrecorded. */
async function audit(tx: Tx, action: string, subject: string, details: Record<string, unknown>): Promise<void> {
  await tx.auditLog.create({ data: { actor: 'cli', action, subject, details: JSON.stringify(details) } });
}

/** A fresh database gets the shipped links first, as the bot would at set-up. */
async function ensureSeeded(ctx: AdminContext): Promise<void> {
  const added = await seedTwinLinks(ctx.db, () => readTwinCsvFile(SHIPPED_TWIN_CSV));
  if (added > 0) ctx.err(`the table was empty: imported the ${added} shipped links first`);
}

function linkName(l: Pick<TwinLink, 'city' | 'country' | 'partner'>): string {
  return `${l.city} (${l.country}) – ${l.partner}`;
}

/** Rolls a dry run's transaction back. */
class DryRun extends Error {
  constructor(readonly summary: TwinWriteSummary) {
    super('dry run');
  }
}

const importCommand: AdminCommand = {
  usage: 'twins import <file.csv> [--dry-run]',
  summary: 'validate a twin CSV and make the database match it (all or nothing; audited)',
  async run(ctx, rawArgs) {
    const dryRun = rawArgs.includes('--dry-run');
    const file = rawArgs.filter((a) => a !== '--dry-run')[0];
    if (!file) throw new AdminError('which file? e.g. `twins import data/twin-links.csv`', 2);
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(file), 'utf8');
    } catch (error) {
      throw new AdminError(`Nothing imported: cannot read ${file}: ${(error as Error).message}`);
    }
    const parsed = parseTwinCsv(text);
    if (!parsed.ok) {
      const shown = parsed.errors.slice(0, MAX_SHOWN).map(describeError);
      if (parsed.errors.length > MAX_SHOWN) shown.push(`  … and ${parsed.errors.length - MAX_SHOWN} more`);
      throw new AdminError(`Nothing imported: ${parsed.errors.length} problem(s) in ${file}:\n${shown.join('\n')}`);
    }
    if (parsed.links.length === 0) throw new AdminError(`Nothing imported: ${file} has a header but no links`);
    const links = sortTwinLinks(parsed.links);
    const subject = path.basename(file);
    let outcome: { summary: TwinWriteSummary; version: number; changed: boolean };
    try {
      outcome = await ctx.db.write(async (tx) => {
        const summary = await replaceTwinLinks(tx, links);
        if (dryRun) throw new DryRun(summary);
        const changed = summary.added + summary.changed + summary.removed > 0;
        const version = changed ? await bumpTwinVersion(tx) : await readTwinVersion(tx);
        if (changed) await audit(tx, 'twins.import', subject, { ...summary, version });
        return { summary, version, changed };
      });
    } catch (error) {
      if (!(error instanceof DryRun)) throw error;
      const s = error.summary;
      ctx.out(`dry run, nothing written: ${s.added} to add, ${s.changed} to change, ${s.removed} to remove, ${s.unchanged} unchanged`);
      return;
    }
    const s = outcome.summary;
    ctx.out(`${s.added} added, ${s.changed} changed, ${s.removed} removed, ${s.unchanged} unchanged`);
    ctx.out(outcome.changed ? `twin data version ${outcome.version}: running bots rebuild their index within seconds` : 'no changes');
  },
};

const exportCommand: AdminCommand = {
  usage: 'twins export [--out file.csv]',
  summary: 'the twin links in the database, as CSV (the import format)',
  async run(ctx, rawArgs) {
    const { value: outFile } = takeOption(rawArgs, 'out');
    await ensureSeeded(ctx);
    const links = await readTwinLinks(ctx.db.prisma);
    const csv = serializeTwinCsv(links);
    if (outFile) {
      fs.writeFileSync(outFile, csv);
      ctx.err(`wrote ${links.length} links to ${outFile}`);
    } else {
      ctx.out(csv.trimEnd());
    }
  },
};

const year = z.string().regex(/^\d{4}$/, { error: 'must be a four-digit year' }).transform(Number);

const statusArgs = z.object({
  city: z.string().trim().min(1, { error: 'is required' }),
  country: z.string().trim().min(1, { error: 'is required' }),
  partner: z.string().trim().min(1, { error: 'is required' }),
  status: z.enum(TWIN_STATUSES, { error: `must be one of ${TWIN_STATUSES.join(', ')}` }),
  source: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (the council minutes or a news report)' }),
  ended: year.optional(),
  note: z.string().trim().max(300, { error: 'must be at most 300 characters' }).optional(),
});

const statusCommand: AdminCommand = {
  usage: 'twins status <city> <country> <partner> <status> --source <url> [--ended <year>]',
  summary: 'record a link\'s new status, e.g. after a council vote; --note adds a line (audited)',
  async run(ctx, rawArgs) {
    const source = takeOption(rawArgs, 'source');
    const ended = takeOption(source.rest, 'ended');
    const note = takeOption(ended.rest, 'note');
    const [city, country, partner, status, ...extra] = note.rest;
    if (extra.length > 0) throw new AdminError(`unexpected "${extra.join(' ')}": quote names with spaces, e.g. "Newcastle upon Tyne"`, 2);
    const parsed = statusArgs.safeParse({ city, country, partner, status, source: source.value, ended: ended.value, note: note.value });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `  ${i.path[0] === 'source' || i.path[0] === 'ended' || i.path[0] === 'note' ? '--' : ''}${String(i.path[0])}: ${i.message}`);
      throw new AdminError(`Nothing changed:\n${problems.join('\n')}\nusage: ${statusCommand.usage}`, 2);
    }
    const a = parsed.data;
    await ensureSeeded(ctx);
    const ref = { city: a.city, country: a.country, partner: a.partner };
    const done = await ctx.db.write(async (tx) => {
      const links = await readTwinLinks(tx);
      const result = updateLinkStatus(links, ref, {
        status: a.status,
        sourceUrl: a.source,
        ...(a.ended === undefined ? {} : { endedYear: a.ended }),
        ...(a.note === undefined ? {} : { note: a.note }),
      });
      if (!result.ok) {
        if (result.error.reason === 'link-not-found') {
          const city = a.city.toLowerCase();
          const near = links.filter((l) => l.city.toLowerCase() === city).map((l) => `  ${l.city} | ${l.country} | ${l.partner}`);
          throw new AdminError(`Nothing changed: no link ${linkName(ref)}.${near.length > 0 ? `\nLinks of ${a.city} (city | country | partner):\n${near.join('\n')}` : ''}`);
        }
        const column = 'column' in result.error && result.error.column ? `${result.error.column} ` : '';
        throw new AdminError(`Nothing changed: ${column}${REASONS[result.error.reason]}`);
      }
      const { previous, link } = result;
      // Running the same command twice must not stack the note up in the link's notes.
      if (previous.status === link.status && previous.endedYear === link.endedYear && previous.sourceUrl === link.sourceUrl) {
        return { previous, link: previous, version: null };
      }
      if (!(await saveTwinLink(tx, previous, link))) throw new AdminError(`Nothing changed: ${linkName(ref)} was removed meanwhile`);
      const version = await bumpTwinVersion(tx);
      await audit(tx, 'twins.status', linkName(previous), {
        from: previous.status,
        to: link.status,
        endedYear: link.endedYear,
        source: link.sourceUrl,
        version,
      });
      return { previous, link, version };
    });
    if (done.version === null) {
      ctx.out(`${linkName(done.previous)} is already ${done.previous.status} with that source: no change`);
      return;
    }
    const endedText = done.link.endedYear === null ? '' : ` (${done.link.endedYear})`;
    ctx.out(`${linkName(done.previous)}: ${done.previous.status} → ${done.link.status}${endedText}`);
    ctx.out(`twin data version ${done.version}: running bots rebuild their index within seconds`);
  },
};

export const twinCommands: Record<string, AdminCommand> = {
  'twins import': importCommand,
  'twins export': exportCommand,
  'twins status': statusCommand,
};
