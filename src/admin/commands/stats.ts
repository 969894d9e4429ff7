/** Admin: signature counts per petition, per day and per platform. */
import type { AdminCommand } from '../context';

export const statsCommand: AdminCommand = {
  usage: 'stats [slug]',
  summary: 'counts per petition, per day (UTC) and per platform',
  async run(ctx, args) {
    const where = args[0] ? { slug: args[0] } : {};
    const petitions = await ctx.db.prisma.petition.findMany({ where, orderBy: { createdAt: 'asc' } });
    for (const p of petitions) {
      // Dates and platforms are read and grouped here so the same code runs on both databases.
      const rows = await ctx.db.prisma.signature.findMany({ where: { petitionId: p.id }, select: { createdAt: true, platform: true } });
      const perDay = new Map<string, number>();
      const perPlatform = new Map<string, number>();
      for (const r of rows) {
        const day = r.createdAt.toISOString().slice(0, 10);
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
        perPlatform.set(r.platform, (perPlatform.get(r.platform) ?? 0) + 1);
      }
      ctx.out(`${p.slug}: ${rows.length} of ${p.goal} (${p.status})`);
      ctx.out(`  per platform: ${[...perPlatform].map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`);
      for (const [day, n] of [...perDay].sort()) ctx.out(`  ${day}  ${n}`);
    }
  },
};
