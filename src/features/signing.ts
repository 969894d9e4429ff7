/** Petitions and the signing flow: list, summary, eligibility, details, review, confirm, receipt. */
import type { Feature } from '../engine/feature';
import type { Ctx } from '../engine/context';
import type { Button, FormField } from '../engine/types';
import { viewPetition, isSignable, type PetitionView } from '../petitions/service';
import { validators, type FieldName } from '../validation/fields';
import { bold, deepLink, link, plain, rich, joinRich, type RichText } from '../text/rich';
import { progressBar } from '../text/progress';
import { formatDate } from './format';

const FLOW = 'sign';

interface SignData {
  slug: string;
  draft: Partial<Record<FieldName, string>>;
  /** Set while correcting one field from the review; the flow returns to the review after it. */
  editing?: boolean;
  [key: string]: unknown;
}

/** The fields a petition asks for, in order; name is always asked. */
export function fieldsFor(p: Pick<PetitionView, 'askEmail' | 'askPostcode'>): { field: FieldName; required: boolean }[] {
  const out: { field: FieldName; required: boolean }[] = [{ field: 'name', required: true }];
  if (p.askEmail !== 'none') out.push({ field: 'email', required: p.askEmail === 'required' });
  if (p.askPostcode !== 'none') out.push({ field: 'postcode', required: p.askPostcode === 'required' });
  return out;
}

const MAX_LENGTH: Record<FieldName, number> = { name: 100, email: 254, postcode: 8 };

function petitionBlock(ctx: Ctx, p: PetitionView, count: number): RichText {
  return rich(
    bold(p.title),
    '\n',
    p.summary,
    '\n\n',
    ctx.t('sign:progress', { count, goal: p.goal, bar: progressBar(count, p.goal) }),
  );
}

async function loadSignable(ctx: Ctx, slug: string): Promise<PetitionView | null> {
  const row = await ctx.services.petitions.bySlug(ctx.tx, slug);
  if (!row || row.status === 'draft') {
    ctx.say('sign:notFound');
    return null;
  }
  const p = viewPetition(row, ctx.lang);
  if (!isSignable(p, ctx.now)) {
    ctx.say('sign:closed', { title: p.title });
    return null;
  }
  return p;
}

async function alreadySigned(ctx: Ctx, p: PetitionView): Promise<boolean> {
  const existing = await ctx.services.signatures.find(ctx.tx, p.id, ctx.memberHash);
  if (!existing) return false;
  ctx.say('sign:already', { title: p.title, date: formatDate(existing.createdAt, ctx.lang) }, {
    buttons: [[ctx.action('sign:withdrawButton', `wd:pick:${existing.id}`, 'danger')]],
  });
  return true;
}

/** Entry point for /sign <slug>, a petition button and the sign-<slug> deep link. */
async function begin(ctx: Ctx, slug: string, edit = false): Promise<void> {
  if (!ctx.isPrivate) {
    ctx.reply({ kind: 'privateOnly', text: ctx.t('sign:goPrivate'), payload: `sign-${slug}`, label: ctx.s('sign:openPrivate') });
    return;
  }
  const p = await loadSignable(ctx, slug);
  if (!p || (await alreadySigned(ctx, p))) return;
  const count = await ctx.services.petitions.count(ctx.tx, p.id);
  const state = ctx.startFlow(FLOW, 'summary', { slug, draft: {} } satisfies SignData);
  const buttons: Button[][] = [
    [ctx.action('sign:startButton', `sg:ok:${state.nonce}`, 'primary')],
    [ctx.action('sign:fullTextButton', `sg:full:${state.nonce}`), ctx.action('common:cancelButton', `sg:x:${state.nonce}`)],
  ];
  ctx.message(rich(petitionBlock(ctx, p, count), '\n', ctx.t('sign:recipient', { recipient: p.recipient })), { buttons, edit });
}

function cancelRow(ctx: Ctx, nonce: string): Button[] {
  return [ctx.action('common:cancelButton', `sg:x:${nonce}`)];
}

function askEligibility(ctx: Ctx, p: PetitionView, nonce: string): void {
  ctx.setStep('eligibility');
  ctx.say('sign:eligibility', { statement: p.eligibility }, {
    buttons: [[ctx.action('sign:eligibleYes', `sg:el:${nonce}:y`, 'primary'), ctx.action('sign:eligibleNo', `sg:el:${nonce}:n`)]],
  });
}

/** Asks the next missing field, or shows the review when every field has an answer (or was skipped). */
function askNext(ctx: Ctx, p: PetitionView): void {
  const state = ctx.state!;
  const data = state.data as SignData;
  if (ctx.usesForms) return showForm(ctx, p);
  const next = fieldsFor(p).find(({ field }) => !(field in data.draft));
  if (!next) return showReview(ctx, p);
  askField(ctx, next.field, next.required);
}

function askField(ctx: Ctx, field: FieldName, required: boolean): void {
  const state = ctx.state!;
  ctx.setStep(field);
  const buttons: Button[][] = [];
  if (!required) buttons.push([ctx.action('sign:skipButton', `sg:skip:${state.nonce}`)]);
  buttons.push(cancelRow(ctx, state.nonce));
  ctx.reply({ kind: 'ask', field, text: ctx.t(required ? `sign:ask.${field}` : `sign:askOptional.${field}`), buttons });
}

function showForm(ctx: Ctx, p: PetitionView): void {
  const state = ctx.state!;
  const data = state.data as SignData;
  ctx.setStep('form');
  const fields: FormField[] = fieldsFor(p).map(({ field, required }) => {
    const f: FormField = { id: field, label: ctx.s(`sign:label.${field}`), required, maxLength: MAX_LENGTH[field] };
    const value = data.draft[field];
    return value ? { ...f, value } : f;
  });
  ctx.reply({ kind: 'form', formId: `sign:${state.nonce}`, title: ctx.s('sign:formTitle'), fields, text: ctx.t('sign:formPrompt') });
}

function showReview(ctx: Ctx, p: PetitionView, edit = false): void {
  const state = ctx.state!;
  const data = state.data as SignData;
  ctx.setStep('review', { ...data, editing: false });
  const fields = fieldsFor(p);
  const lines = fields.map(({ field }) => rich(ctx.t(`sign:label.${field}`), ': ', data.draft[field] ? plain(data.draft[field]!) : ctx.t('sign:notGiven')));
  const editRow = fields.map(({ field }) => ctx.action(`sign:editButton.${field}`, `sg:ed:${state.nonce}:${field}`));
  // The review shows the member's name, email and postcode: ask the platform not to let it be forwarded.
  ctx.message(rich(ctx.t('sign:review', { title: p.title }), '\n\n', joinRich(lines, '\n'), '\n\n', ctx.t('sign:reviewHint')), {
    edit,
    protect: true,
    buttons: [[ctx.action('sign:confirmButton', `sg:cf:${state.nonce}`, 'primary')], editRow, cancelRow(ctx, state.nonce)],
  });
}

async function currentPetition(ctx: Ctx): Promise<PetitionView | null> {
  const data = ctx.state!.data as SignData;
  const p = await loadSignable(ctx, data.slug);
  if (!p) ctx.endFlow();
  return p;
}

async function confirm(ctx: Ctx, p: PetitionView): Promise<void> {
  const data = ctx.state!.data as SignData;
  if (!data.draft.name) return askNext(ctx, p);
  const outcome = await ctx.services.signatures.sign(ctx.tx, {
    petitionId: p.id,
    memberHash: ctx.memberHash,
    platform: ctx.actor.platform,
    lang: ctx.lang,
    draft: { name: data.draft.name, email: data.draft.email, postcode: data.draft.postcode },
  });
  ctx.endFlow();
  if (outcome.kind === 'already') {
    ctx.say('sign:already', { title: p.title, date: formatDate(outcome.signedAt, ctx.lang) });
    return;
  }
  ctx.services.log.info({ petition: p.slug, platform: ctx.actor.platform }, 'signature recorded');
  const parts: RichText[] = [
    ctx.t('sign:receipt', { title: p.title, count: outcome.count, date: formatDate(outcome.signedAt, ctx.lang) }),
    plain(progressBar(outcome.count, p.goal)),
    ctx.t('sign:share', { link: deepLink(ctx.s('sign:shareLinkText'), `sign-${p.slug}`) }),
  ];
  if (p.officialUrl) parts.push(ctx.t('sign:official', { link: link(ctx.s('sign:officialLinkText'), p.officialUrl) }));
  const prefs = await ctx.services.preferences.get(ctx.tx, ctx.memberHash);
  const buttons: Button[][] = [];
  if (!prefs.updatesOptIn) {
    parts.push(ctx.t('sign:updatesQuestion'));
    buttons.push([ctx.action('common:updatesYes', 'upd:on', 'primary'), ctx.action('common:updatesNo', 'upd:off')]);
  }
  ctx.message(joinRich(parts, '\n\n'), { edit: true, protect: true, buttons });
}

/** Validates one answer; a refusal says why in the member's language and asks again. */
function accept(ctx: Ctx, p: PetitionView, field: FieldName, text: string): void {
  const result = validators[field](text);
  const data = ctx.state!.data as SignData;
  if (!result.ok) {
    const required = fieldsFor(p).find((f) => f.field === field)?.required ?? true;
    ctx.say(result.error);
    askField(ctx, field, required);
    return;
  }
  ctx.setStep(ctx.state!.step, { ...data, draft: { ...data.draft, [field]: result.value } });
  if (data.editing) return showReview(ctx, p);
  askNext(ctx, p);
}

async function list(ctx: Ctx): Promise<void> {
  const rows = await ctx.services.petitions.open(ctx.tx, ctx.now);
  if (rows.length === 0) return ctx.say('sign:noneOpen');
  const counts = await ctx.services.petitions.counts(ctx.tx, rows.map((r) => r.id));
  const petitions = rows.map((r) => viewPetition(r, ctx.lang));
  const text = joinRich(petitions.map((p) => petitionBlock(ctx, p, counts.get(p.id) ?? 0)), '\n\n');
  // In a group the buttons lead into the private chat; nothing personal happens in the group.
  const buttons: Button[][] = petitions.map((p) => [
    ctx.isPrivate
      ? { kind: 'action', label: ctx.s('sign:signButton', { title: p.title }), data: `sg:go:${p.slug}` }
      : { kind: 'deepLink', label: ctx.s('sign:signButton', { title: p.title }), payload: `sign-${p.slug}` },
  ]);
  ctx.message(rich(ctx.t('sign:openList'), '\n\n', text), { buttons });
}

export function signingFeature(): Feature {
  return {
    name: 'signing',
    commands: [
      { spec: { name: 'petitions', descriptionKey: 'commands:petitions', scope: 'all' }, inGroups: true, run: list },
      {
        spec: { name: 'sign', descriptionKey: 'commands:sign', scope: 'all', argument: { name: 'petition', descriptionKey: 'commands:signArg', required: false, autocomplete: true } },
        inGroups: true,
        async run(ctx, args) {
          const slug = args.split(/\s+/)[0]?.toLowerCase() ?? '';
          if (slug) return begin(ctx, slug);
          const open = await ctx.services.petitions.open(ctx.tx, ctx.now);
          if (open.length === 1) return begin(ctx, open[0]!.slug);
          return list(ctx);
        },
      },
    ],
    startPayloads: {
      sign: (ctx, slug) => begin(ctx, slug.toLowerCase()),
    },
    buttons: {
      async sg(ctx, [action, arg, extra]) {
        if (action === 'go') return begin(ctx, arg ?? '', false);
        const state = ctx.flowFor(FLOW, arg);
        if (!state) {
          // A second tap on Confirm after signing lands here: say so quietly, never sign twice.
          return ctx.notice(action === 'cf' ? 'sign:alreadyDone' : 'common:staleButton');
        }
        if (action === 'x') {
          ctx.endFlow();
          return ctx.say('common:cancelled', undefined, { edit: true });
        }
        const p = await currentPetition(ctx);
        if (!p) return;
        const data = state.data as SignData;
        switch (action) {
          case 'ok':
            if (state.step !== 'summary') return ctx.notice('common:staleButton');
            return askEligibility(ctx, p, state.nonce);
          case 'full':
            return ctx.message(rich(bold(p.title), '\n\n', p.text), {
              buttons: [[ctx.action('sign:startButton', `sg:ok:${state.nonce}`, 'primary'), ctx.action('common:cancelButton', `sg:x:${state.nonce}`)]],
            });
          case 'el':
            // A form-capable member who closed the form without submitting taps Yes again: reopen it.
            if (state.step === 'form' && extra === 'y') return showForm(ctx, p);
            if (state.step !== 'eligibility') return ctx.notice('common:staleButton');
            if (extra !== 'y') {
              ctx.endFlow();
              return ctx.say('sign:notEligible', undefined, { edit: true });
            }
            ctx.setStep('details');
            return askNext(ctx, p);
          case 'skip': {
            const field = state.step as FieldName;
            const spec = fieldsFor(p).find((f) => f.field === field);
            if (!spec || spec.required) return ctx.notice('common:staleButton');
            const draft = { ...data.draft, [field]: '' };
            ctx.setStep(state.step, { ...data, draft });
            return data.editing ? showReview(ctx, p) : askNext(ctx, p);
          }
          case 'ed': {
            const field = extra as FieldName;
            const spec = fieldsFor(p).find((f) => f.field === field);
            if (!spec || (state.step !== 'review' && state.step !== 'form')) return ctx.notice('common:staleButton');
            ctx.setStep('review', { ...data, editing: true });
            if (ctx.usesForms) return showForm(ctx, p);
            return askField(ctx, field, spec.required);
          }
          case 'form':
            return showForm(ctx, p);
          case 'cf':
            if (state.step !== 'review') return ctx.notice('common:staleButton');
            return confirm(ctx, p);
          default:
            return ctx.notice('common:staleButton');
        }
      },
    },
    flows: {
      [FLOW]: {
        async onText(ctx, text) {
          const step = ctx.state!.step;
          if (step !== 'name' && step !== 'email' && step !== 'postcode') {
            return ctx.say('sign:useButtons');
          }
          const p = await currentPetition(ctx);
          if (p) accept(ctx, p, step, text);
        },
        async onForm(ctx, formId, values) {
          const state = ctx.state!;
          if (formId !== `sign:${state.nonce}`) return ctx.notice('common:staleButton');
          const p = await currentPetition(ctx);
          if (!p) return;
          const data = state.data as SignData;
          const draft: Partial<Record<FieldName, string>> = {};
          const errors: RichText[] = [];
          for (const { field, required } of fieldsFor(p)) {
            const raw = values[field] ?? '';
            if (raw.trim() === '' && !required) {
              draft[field] = '';
              continue;
            }
            const result = validators[field](raw);
            if (result.ok) draft[field] = result.value;
            else errors.push(ctx.t(result.error));
          }
          ctx.setStep('form', { ...data, draft });
          if (errors.length > 0) {
            ctx.message(rich(ctx.t('sign:formErrors'), '\n', joinRich(errors, '\n')), {
              buttons: [[ctx.action('sign:fixButton', `sg:form:${state.nonce}`, 'primary')], cancelRow(ctx, state.nonce)],
            });
            return;
          }
          showReview(ctx, p);
        },
      },
    },
  };
}
