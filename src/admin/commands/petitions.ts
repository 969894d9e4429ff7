/** Admin: import petition files, list petitions, open and close them. */
import path from 'node:path';
import { AdminError, type AdminCommand } from '../context';
import { loadPetitionFiles, PetitionFileError } from '../../petitions/loader';
import { PetitionService } from '../../petitions/service';

const petitions = new PetitionService();

export const petitionCommands: Record<string, AdminCommand> = {
  'petitions import': {
    usage: 'petitions import [file-or-folder]',
    summary: 'validate petition YAML and create or update the petitions (all or nothing)',
    async run(ctx, args) {
      const target = path.resolve(args[0] ?? ctx.config.petitionsDir);
      let files;
      try {
        files = loadPetitionFiles(target);
      } catch (error) {
        if (error instanceof PetitionFileError) throw new AdminError(`Nothing imported. ${error.message}`);
        throw new AdminError(`Nothing imported: ${(error as Error).message}`);
      }
      const result = await petitions.importFiles(ctx.db.prisma, files, 'upsert');
      await ctx.audit('petitions.import', target, result);
      ctx.out(`created: ${result.created.join(', ') || '-'}`);
      ctx.out(`updated: ${result.updated.join(', ') || '-'}`);
    },
  },
  'petitions list': {
    usage: 'petitions list',
    summary: 'every petition with status and signature count',
    async run(ctx) {
      const rows = await ctx.db.prisma.petition.findMany({ orderBy: { createdAt: 'asc' } });
      const counts = await petitions.counts(ctx.db.prisma, rows.map((r) => r.id));
      if (rows.length === 0) ctx.out('no petitions: run `npm run admin -- petitions import`');
      for (const r of rows) ctx.out(`${r.slug}\t${r.status}\t${counts.get(r.id) ?? 0}/${r.goal}\t${r.titleEn}`);
    },
  },
  'petitions open': statusCommand('open'),
  'petitions close': statusCommand('closed'),
};

function statusCommand(status: 'open' | 'closed'): AdminCommand {
  return {
    usage: `petitions ${status === 'open' ? 'open' : 'close'} <slug>`,
    summary: status === 'open' ? 'open a petition for signing' : 'stop taking signatures',
    async run(ctx, args) {
      const slug = args[0];
      if (!slug) throw new AdminError('which petition? give its slug (see `petitions list`)', 2);
      if (!(await petitions.setStatus(ctx.db.prisma, slug, status))) throw new AdminError(`no petition with slug "${slug}"`);
      await ctx.audit(`petitions.${status === 'open' ? 'open' : 'close'}`, slug);
      ctx.out(`${slug} is now ${status}`);
    },
  };
}
