/** Admin: queue a campaign update from the command line (scripts, schedules), follow it, cancel it; list subscriptions. */
import { AdminError, takeOption, type AdminCommand, type AdminContext } from '../context';
import { Translator } from '../../i18n/translator';
import { toPlain } from '../../text/rich';
import {
  AUDIENCES,
  cancelBroadcast,
  checkDraft,
  configuredPlatforms,
  draftContent,
  listSubscriptions,
  MAX_BROADCAST_CHARS,
  broadcastLength,
  progressOf,
  queueBroadcast,
  renderBroadcast,
  resolveTargets,
  summarise,
  type Audience,
  type BroadcastDraft,
  type UpdateLang,
} from '../../broadcast';

function takeFlag(args: string[], name: string): { on: boolean; rest: string[] } {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? { on: false, rest: args } : { on: true, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
}

async function draftFrom(ctx: AdminContext, rawArgs: string[]): Promise<BroadcastDraft> {
  let args = rawArgs;
  const take = (name: string): string | undefined => {
    const r = takeOption(args, name);
    args = r.rest;
    return r.value;
  };
  const textEn = take('en')?.trim() || null;
  const textYue = take('yue')?.trim() || null;
  const slug = take('petition');
  const audienceWord = take('audience') ?? 'both';
  if (args.length > 0) throw new AdminError(`unexpected: ${args.join(' ')} (put texts in quotes after --en / --yue)`, 2);
  const audience = AUDIENCES.find((a) => a === audienceWord);
  if (!audience) throw new AdminError(`--audience must be one of ${AUDIENCES.join(', ')}`, 2);
  let petitionId: string | null = null;
  if (slug !== undefined) {
    const row = await ctx.db.prisma.petition.findUnique({ where: { slug } });
    if (!row || row.status === 'draft') throw new AdminError(`no published petition with slug "${slug}" (see \`petitions list\`)`);
    petitionId = row.id;
  }
  const draft: BroadcastDraft = { textEn, textYue, petitionId, audience: audience as Audience };
  const problem = checkDraft(draft);
  if (problem) {
    const translator = await Translator.create();
    throw new AdminError(toPlain(translator.t('en', problem, { max: MAX_BROADCAST_CHARS, length: broadcastLength(textEn, textYue) })), 2);
  }
  return draft;
}

const CAPTION: Record<UpdateLang, string> = { en: 'English readers', yue: 'Cantonese readers', both: 'chats in both languages' };

export const broadcastCommands: Record<string, AdminCommand> = {
  broadcast: {
    usage: 'broadcast --en TEXT [--yue TEXT] [--petition SLUG] [--audience A] [--yes]',
    summary: 'preview a campaign update; --yes queues it for the running bot (audited). A: channels, members, both (default), followers',
    async run(ctx, rawArgs) {
      const { on: yes, rest } = takeFlag(rawArgs, 'yes');
      const draft = await draftFrom(ctx, rest);
      const platforms = configuredPlatforms(ctx.config);
      if (platforms.length === 0) ctx.err('warning: no Telegram or Discord bot is configured, so nobody can be reached');
      const now = new Date();
      if (!yes) {
        const summary = summarise(await resolveTargets(ctx.db.prisma, draft, platforms));
        const translator = await Translator.create();
        const content = await draftContent(ctx.db.prisma, draft, now);
        const langs = (['en', 'yue', 'both'] as const).filter((l) => summary.byLang[l] > 0);
        for (const lang of langs.length > 0 ? langs : (['en'] as const)) {
          const message = renderBroadcast(translator, content, lang);
          ctx.out(`── ${CAPTION[lang]} (${summary.byLang[lang]}) ──`);
          ctx.out(toPlain(message.text));
          for (const row of message.buttons) ctx.out(row.map((b) => `[${b.label}]`).join(' '));
        }
        ctx.out(`\nwould go to ${summary.channels} groups and channels and ${summary.members} members (${summary.total} in all)`);
        ctx.out('nothing queued: add --yes to queue it');
        return;
      }
      const { id, summary } = await ctx.db.write((tx) => queueBroadcast(tx, { draft, author: null, actor: 'cli', platforms, now }));
      ctx.out(id);
      ctx.err(`queued for ${summary.total} recipients (${summary.channels} groups and channels, ${summary.members} members); follow it with: broadcast status ${id}`);
    },
  },
  'broadcast status': {
    usage: 'broadcast status <id>',
    summary: 'counts of sent, failed and waiting deliveries, and the failure reasons',
    async run(ctx, args) {
      const id = args[0];
      if (!id) throw new AdminError('which broadcast? give its id', 2);
      const p = await progressOf(ctx.db.prisma, id);
      if (!p) throw new AdminError(`no broadcast with id "${id}"`);
      ctx.out(`${id}\t${p.status}\tsent ${p.sent}/${p.total}\tfailed ${p.failed}\tunknown ${p.unknown}\tcancelled ${p.cancelled}\tskipped ${p.skipped}\twaiting ${p.remaining}`);
      const reasons = await ctx.db.prisma.broadcastDelivery.groupBy({
        by: ['platform', 'status', 'error'],
        where: { broadcastId: id, status: { in: ['failed', 'unknown', 'skipped'] } },
        _count: { _all: true },
      });
      for (const r of reasons.sort((a, b) => b._count._all - a._count._all)) ctx.out(`  ${r._count._all}\t${r.platform}\t${r.status}\t${r.error ?? ''}`);
    },
  },
  'broadcast cancel': {
    usage: 'broadcast cancel <id>',
    summary: 'stop a broadcast: deliveries not yet started are cancelled (audited)',
    async run(ctx, args) {
      const id = args[0];
      if (!id) throw new AdminError('which broadcast? give its id', 2);
      const result = await ctx.db.write((tx) => cancelBroadcast(tx, id, 'cli', new Date()));
      if (result.kind === 'notFound') throw new AdminError(`no broadcast with id "${id}"`);
      if (result.kind === 'finished') throw new AdminError(`broadcast ${id} is already ${result.status}`);
      ctx.out(`${id} cancelled: ${result.stopped} deliveries will not be sent`);
    },
  },
  'broadcast list': {
    usage: 'broadcast list',
    summary: 'the latest broadcasts with their status',
    async run(ctx) {
      const rows = await ctx.db.prisma.broadcast.findMany({ orderBy: { createdAt: 'desc' }, take: 20 });
      if (rows.length === 0) ctx.out('no broadcasts yet');
      for (const b of rows) {
        const text = (b.textEn ?? b.textYue ?? '').replace(/\s+/g, ' ').slice(0, 50);
        ctx.out(`${b.id}\t${b.createdAt.toISOString()}\t${b.status}\t${b.audience}\t${b.total}\t${text}`);
      }
    },
  },
  'subscriptions list': {
    usage: 'subscriptions list',
    summary: 'groups and channels that get updates, and those switched off with the reason',
    async run(ctx) {
      const rows = await listSubscriptions(ctx.db.prisma);
      if (rows.length === 0) ctx.out('no subscriptions: an admin runs /subscribe in a group or channel');
      for (const s of rows) {
        const state = s.active ? 'on' : `off (${s.endedReason ?? 'unknown reason'})`;
        ctx.out(`${s.platform}\t${s.chatId}\t${s.title ?? '-'}\t${s.lang}\t${s.petition?.slug ?? 'whole campaign'}\t${state}`);
      }
    },
  },
};
