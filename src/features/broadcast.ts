/**
 * /broadcast: a campaign admin writes an update (English and/or Cantonese), may attach a petition,
 * picks the audience, sees it exactly as recipients will, and confirms; the broadcast and its
 * deliveries are then queued in this event's transaction for the worker. The admin check runs on
 * every step, against the configured ids; a refusal is answered and audited with the hash only.
 */
import type { Feature } from '../engine/feature';
import type { Ctx } from '../engine/context';
import type { Button, FormField, Platform } from '../engine/types';
import { auditActor, isCampaignAdmin, type CampaignAdmins } from '../broadcast/admins';
import { cancelBroadcast, checkDraft, draftContent, queueBroadcast, resolveTargets, summarise, type BroadcastDraft } from '../broadcast/outbox';
import { MAX_BROADCAST_CHARS, broadcastLength, renderBroadcast } from '../broadcast/render';
import { AUDIENCES, type Audience, type UpdateLang } from '../broadcast/types';
import { titleIn } from './format';

const FLOW = 'broadcast';
const MAX_PETITIONS = 8;

interface Draft {
  textEn?: string | null;
  textYue?: string | null;
  /** Petition ids offered as buttons, by index (button data stays short). */
  offered?: string[];
  petitionId?: string | null;
  audience?: Audience;
  [key: string]: unknown;
}

export interface BroadcastFeatureOptions {
  admins: CampaignAdmins;
  /** Platforms with a bot configured: only their subscriptions and members are targeted. */
  platforms: Platform[];
}

/** The admin check of every step. A refusal ends any draft, answers, and leaves an audit entry. */
async function allowed(ctx: Ctx, options: BroadcastFeatureOptions, step: string): Promise<boolean> {
  if (isCampaignAdmin(options.admins, ctx.actor)) return true;
  if (ctx.flowFor(FLOW)) ctx.endFlow();
  await ctx.tx.auditLog.create({ data: { actor: auditActor(ctx.actor, ctx.memberHash), action: 'broadcast.refused', details: JSON.stringify({ step }) } });
  ctx.services.log.warn({ platform: ctx.actor.platform, step }, 'broadcast refused: not a campaign admin');
  ctx.say('broadcast:notAdmin');
  return false;
}

function draftOf(ctx: Ctx): Draft {
  return ctx.state!.data as Draft;
}

function cancelButton(ctx: Ctx, nonce: string): Button {
  return ctx.action('common:cancelButton', `bc:x:${nonce}`);
}

function askText(ctx: Ctx, lang: 'en' | 'yue'): void {
  const state = ctx.state!;
  ctx.setStep(lang);
  ctx.reply({
    kind: 'ask',
    field: `broadcast-${lang}`,
    text: ctx.t(lang === 'en' ? 'broadcast:askEn' : 'broadcast:askYue', { max: MAX_BROADCAST_CHARS }),
    buttons: [[ctx.action('broadcast:skipButton', `bc:skip:${state.nonce}`), cancelButton(ctx, state.nonce)]],
  });
}

function askForm(ctx: Ctx): void {
  const state = ctx.state!;
  const draft = draftOf(ctx);
  ctx.setStep('form');
  const field = (id: 'en' | 'yue', value: string | null | undefined): FormField => {
    const f: FormField = { id, label: ctx.s(`broadcast:formLabel.${id}`), required: false, maxLength: MAX_BROADCAST_CHARS };
    return value ? { ...f, value } : f;
  };
  ctx.reply({
    kind: 'form',
    formId: `bc:${state.nonce}`,
    title: ctx.s('broadcast:formTitle'),
    fields: [field('en', draft.textEn), field('yue', draft.textYue)],
    text: ctx.t('broadcast:formPrompt', { max: MAX_BROADCAST_CHARS }),
  });
}

function askTexts(ctx: Ctx): void {
  if (ctx.usesForms) return askForm(ctx);
  askText(ctx, 'en');
}

/** After the texts: both checked together, then the petition question. */
async function textsDone(ctx: Ctx, textEn: string | null, textYue: string | null): Promise<void> {
  const draft = { ...draftOf(ctx), textEn, textYue };
  ctx.setStep(ctx.state!.step, draft);
  if (!textEn && !textYue) {
    ctx.say('broadcast:noText');
    return askTexts(ctx);
  }
  const length = broadcastLength(textEn, textYue);
  if (length > MAX_BROADCAST_CHARS) {
    ctx.say('broadcast:tooLong', { max: MAX_BROADCAST_CHARS, length });
    return askTexts(ctx);
  }
  await askPetition(ctx);
}

async function askPetition(ctx: Ctx): Promise<void> {
  const state = ctx.state!;
  const rows = await ctx.tx.petition.findMany({ where: { status: { in: ['open', 'closed'] } }, orderBy: { createdAt: 'desc' }, take: MAX_PETITIONS });
  ctx.setStep('petition', { ...draftOf(ctx), offered: rows.map((r) => r.id) });
  const buttons: Button[][] = rows.map((r, i) => [{ kind: 'action', label: titleIn(r, ctx.lang), data: `bc:pet:${state.nonce}:${i}` }]);
  buttons.push([ctx.action('broadcast:noPetitionButton', `bc:pet:${state.nonce}:none`), cancelButton(ctx, state.nonce)]);
  ctx.say('broadcast:askPetition', undefined, { buttons });
}

function askAudience(ctx: Ctx, edit = false): void {
  const state = ctx.state!;
  const draft = draftOf(ctx);
  ctx.setStep('audience');
  const choices = AUDIENCES.filter((a) => a !== 'followers' || draft.petitionId);
  const buttons: Button[][] = choices.map((a) => [ctx.action(`broadcast:audience.${a}`, `bc:aud:${state.nonce}:${a}`)]);
  buttons.push([cancelButton(ctx, state.nonce)]);
  ctx.say('broadcast:askAudience', undefined, { buttons, edit });
}

function toDraft(d: Draft): BroadcastDraft {
  return { textEn: d.textEn ?? null, textYue: d.textYue ?? null, petitionId: d.petitionId ?? null, audience: d.audience ?? 'both' };
}

const PREVIEW_ORDER: UpdateLang[] = ['en', 'yue', 'both'];

/** One caption and one exact rendering per language the audience will get, then the question. */
async function showPreview(ctx: Ctx, options: BroadcastFeatureOptions): Promise<void> {
  const state = ctx.state!;
  const draft = toDraft(draftOf(ctx));
  ctx.setStep('confirm');
  const summary = summarise(await resolveTargets(ctx.tx, draft, options.platforms));
  const content = await draftContent(ctx.tx, draft, ctx.now);
  const langs = PREVIEW_ORDER.filter((l) => summary.byLang[l] > 0);
  for (const lang of langs.length > 0 ? langs : [ctx.lang]) {
    ctx.say(`broadcast:previewCaption.${lang}`, { recipients: summary.byLang[lang] });
    const message = renderBroadcast(ctx.services.translator, content, lang);
    ctx.message(message.text, { buttons: message.buttons });
  }
  if (summary.total === 0) {
    ctx.say('broadcast:noTargets', undefined, {
      buttons: [[ctx.action('broadcast:changeAudienceButton', `bc:back:${state.nonce}`), cancelButton(ctx, state.nonce)]],
    });
    return;
  }
  ctx.say('broadcast:confirm', { channels: summary.channels, members: summary.members, total: summary.total }, {
    buttons: [
      [ctx.action('broadcast:sendButton', `bc:send:${state.nonce}`, 'primary')],
      [ctx.action('broadcast:editButton', `bc:edit:${state.nonce}`), cancelButton(ctx, state.nonce)],
    ],
  });
}

async function send(ctx: Ctx, options: BroadcastFeatureOptions): Promise<void> {
  const draft = toDraft(draftOf(ctx));
  const problem = checkDraft(draft);
  if (problem) {
    ctx.say(problem, { max: MAX_BROADCAST_CHARS, length: broadcastLength(draft.textEn, draft.textYue) });
    return askTexts(ctx);
  }
  ctx.endFlow();
  const { id, summary } = await queueBroadcast(ctx.tx, {
    draft,
    author: { platform: ctx.actor.platform, memberHash: ctx.memberHash, addressEnc: ctx.services.cipher.encrypt(ctx.actor.userId), lang: ctx.lang },
    actor: auditActor(ctx.actor, ctx.memberHash),
    platforms: options.platforms,
    now: ctx.now,
  });
  ctx.services.log.info({ broadcast: id, total: summary.total, audience: draft.audience }, 'broadcast queued');
  ctx.say('broadcast:queued', { total: summary.total, id }, { edit: true });
}

async function stop(ctx: Ctx, id: string): Promise<void> {
  const result = await cancelBroadcast(ctx.tx, id, auditActor(ctx.actor, ctx.memberHash), ctx.now);
  if (result.kind === 'cancelled') return ctx.say('broadcast:stopped', { id, stopped: result.stopped });
  if (result.kind === 'notFound') return ctx.notice('common:staleButton');
  ctx.notice('broadcast:alreadyFinished');
}

export function broadcastFeature(options: BroadcastFeatureOptions): Feature {
  return {
    name: 'broadcast',
    commands: [
      {
        spec: { name: 'broadcast', descriptionKey: 'broadcast:broadcastCommand', scope: 'admin' },
        inGroups: false,
        async run(ctx) {
          if (!(await allowed(ctx, options, 'start'))) return;
          ctx.startFlow(FLOW, 'start', {} satisfies Draft);
          ctx.say('broadcast:intro');
          askTexts(ctx);
        },
      },
    ],
    buttons: {
      async bc(ctx, [action, arg, extra]) {
        if (!(await allowed(ctx, options, `button:${action ?? ''}`))) return;
        if (action === 'stop') return stop(ctx, arg ?? '');
        const state = ctx.flowFor(FLOW, arg);
        if (!state) return ctx.notice(action === 'send' ? 'broadcast:alreadyQueued' : 'common:staleButton');
        const draft = state.data as Draft;
        switch (action) {
          case 'x':
            ctx.endFlow();
            return ctx.say('common:cancelled', undefined, { edit: true });
          case 'skip':
            if (state.step === 'en') {
              ctx.setStep('en', { ...draft, textEn: null });
              return askText(ctx, 'yue');
            }
            if (state.step === 'yue') return textsDone(ctx, draft.textEn ?? null, null);
            return ctx.notice('common:staleButton');
          case 'form':
            return askForm(ctx);
          case 'pet': {
            if (state.step !== 'petition') return ctx.notice('common:staleButton');
            const petitionId = extra === 'none' ? null : (draft.offered ?? [])[Number(extra)];
            if (petitionId === undefined) return ctx.notice('common:staleButton');
            ctx.setStep('petition', { ...draft, petitionId });
            return askAudience(ctx, true);
          }
          case 'aud': {
            const audience = AUDIENCES.find((a) => a === extra);
            if (state.step !== 'audience' || !audience || (audience === 'followers' && !draft.petitionId)) return ctx.notice('common:staleButton');
            ctx.setStep('audience', { ...draft, audience });
            return showPreview(ctx, options);
          }
          case 'back':
            return askAudience(ctx);
          case 'edit':
            return askTexts(ctx);
          case 'send':
            if (state.step !== 'confirm') return ctx.notice('common:staleButton');
            return send(ctx, options);
          default:
            return ctx.notice('common:staleButton');
        }
      },
    },
    flows: {
      [FLOW]: {
        async onText(ctx, raw) {
          if (!(await allowed(ctx, options, 'text'))) return;
          const step = ctx.state!.step;
          if (step !== 'en' && step !== 'yue') return ctx.say('broadcast:useButtons');
          const text = raw.trim();
          if (text === '') return askText(ctx, step);
          const length = broadcastLength(text, null);
          if (length > MAX_BROADCAST_CHARS) {
            ctx.say('broadcast:tooLong', { max: MAX_BROADCAST_CHARS, length });
            return askText(ctx, step);
          }
          const draft = draftOf(ctx);
          if (step === 'en') {
            ctx.setStep('en', { ...draft, textEn: text });
            return askText(ctx, 'yue');
          }
          await textsDone(ctx, draft.textEn ?? null, text);
        },
        async onForm(ctx, formId, values) {
          if (!(await allowed(ctx, options, 'form'))) return;
          const state = ctx.state!;
          if (formId !== `bc:${state.nonce}`) return ctx.notice('common:staleButton');
          const en = (values.en ?? '').trim();
          const yue = (values.yue ?? '').trim();
          await textsDone(ctx, en === '' ? null : en, yue === '' ? null : yue);
        },
      },
    },
  };
}
