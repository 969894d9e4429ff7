/** One interaction, start to finish: map, run the engine against the 3-second clock, answer; the adapter's one error boundary. */
import type { AutocompleteInteraction, Interaction } from 'discord.js';
import type { App, InboundEvent } from '../../src';
import { factsOf, toInbound, type Inbound, type InteractionFacts } from './events';
import type { FormCache } from './form-cache';
import { truncate, type Renderer } from './render';
import { portOf, Responder, type InteractionPort } from './respond';

export interface HandlerDeps {
  app: App;
  renderer: Renderer;
  forms: FormCache;
  /** When the engine has not answered by then, defer (Discord allows 3 s for the first response). */
  deferAfterMs: number;
}

/** Options whose values are petitions: autocomplete offers them and free text is matched to one. */
const PETITION_OPTIONS: Record<string, string> = { sign: 'petition' };
const MAX_CHOICES = 25;

export async function handleInteraction(interaction: Interaction, deps: HandlerDeps): Promise<void> {
  const facts = factsOf(interaction);
  if (!facts) return;
  const inbound = toInbound(facts);
  if (inbound.kind === 'autocomplete') return autocomplete(interaction as AutocompleteInteraction, inbound, deps);
  if (!interaction.isRepliable()) return;
  await answer(portOf(interaction), facts, inbound, deps);
}

/** Answers a non-autocomplete interaction through a port; never throws. */
export async function answer(port: InteractionPort, facts: InteractionFacts, inbound: Exclude<Inbound, { kind: 'autocomplete' }>, deps: HandlerDeps): Promise<void> {
  const { app, renderer, forms } = deps;
  const responder = new Responder(port);
  const remember = forms.put.bind(forms, facts.userId);
  const started = Date.now();
  try {
    switch (inbound.kind) {
      case 'openAsk': {
        const lang = await app.engine.languageOf(inbound.event);
        await responder.showModal(renderer.askModal(inbound.field, lang));
        return;
      }
      case 'openForm': {
        const form = forms.get(facts.userId, inbound.formId);
        if (form && (await responder.showModal(renderer.formModal(form)))) return;
        const lang = await app.engine.languageOf(inbound.event);
        await responder.send(renderer.reply({ kind: 'notice', text: renderer.s(lang, 'discord:formGone') }, lang), remember, done(deps, lang));
        return;
      }
      case 'engine': {
        // Admin commands are hidden by default_member_permissions; who may run them the engine decides
        // (DISCORD_ADMIN_USER_IDS / DISCORD_ADMIN_ROLE_IDS), answering and auditing a refusal itself.
        const event = inbound.event;
        const work = resolvePetitionArgument(event, deps).then((resolved) => app.engine.handle(resolved));
        const result = await withDeferral(work, deps.deferAfterMs, () => responder.defer(), deps);
        if (result.duplicate) {
          // A replay of an interaction already answered: Discord takes one answer per interaction.
          app.log.info({ interaction: describe(facts) }, 'discord interaction replayed; ignored');
          return;
        }
        await responder.send(renderer.replies(result.replies, result.lang), remember, done(deps, result.lang));
        app.log.debug({ interaction: describe(facts), ms: Date.now() - started }, 'discord interaction answered');
      }
    }
  } catch (error) {
    // Log what failed, never who or what they typed; then tell the member, in their language.
    app.log.error({ err: summarise(error), interaction: describe(facts) }, 'discord interaction failed');
    try {
      const failure = await app.engine.failureReplies(inbound.event);
      await responder.send(renderer.replies(failure.replies, failure.lang), remember, done(deps, failure.lang));
    } catch (again) {
      app.log.error({ err: summarise(again), interaction: describe(facts) }, 'discord interaction failed and the member could not be told');
    }
  }
}

/** Answers an interaction that arrives while shutting down: an error in the member's language, never silence. */
export async function refuse(interaction: Interaction, deps: HandlerDeps): Promise<void> {
  try {
    if (!interaction.isRepliable()) return;
    const facts = factsOf(interaction);
    if (!facts) return;
    const inbound = toInbound(facts);
    const failure = await deps.app.engine.failureReplies(inbound.event);
    await new Responder(portOf(interaction)).send(deps.renderer.replies(failure.replies, failure.lang), () => undefined, done(deps, failure.lang));
  } catch (error) {
    deps.app.log.warn({ err: summarise(error) }, 'discord interaction refused during shutdown could not be answered');
  }
}

/** Runs the engine; if it is still working after `ms`, defers, so a slow database never costs the answer. */
async function withDeferral<T>(work: Promise<T>, ms: number, defer: () => Promise<void>, deps: HandlerDeps): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const first = await Promise.race([work.then(() => 'done' as const, () => 'done' as const), late]);
  clearTimeout(timer);
  if (first === 'late') {
    deps.app.log.debug({ afterMs: ms }, 'discord interaction deferred');
    // If even the defer fails, the answer below fails too and the error boundary reports it.
    await defer().catch((error: unknown) => deps.app.log.warn({ err: summarise(error) }, 'discord defer failed'));
  }
  return work;
}

function done(deps: HandlerDeps, lang: Parameters<Renderer['s']>[0]) {
  return { content: deps.renderer.s(lang, 'discord:done'), components: [], edit: false };
}

/** Autocomplete is advisory: "/sign petition:bristol" typed by hand still finds the one petition it names. */
async function resolvePetitionArgument(event: InboundEvent, deps: HandlerDeps): Promise<InboundEvent> {
  const input = event.input;
  if (input.kind !== 'command' || !(input.name in PETITION_OPTIONS) || input.args.trim() === '') return event;
  const lang = await deps.app.engine.languageOf(event);
  const choices = await deps.app.petitionChoices(lang);
  if (choices.some((c) => c.slug === input.args.trim().toLowerCase())) return event;
  const matches = matching(choices, input.args);
  return matches.length === 1 ? { ...event, input: { ...input, args: matches[0]!.slug } } : event;
}

function matching(choices: { slug: string; title: string }[], typed: string): { slug: string; title: string }[] {
  const q = typed.trim().toLowerCase();
  if (q === '') return choices;
  return choices.filter((c) => c.slug.includes(q) || c.title.toLowerCase().includes(q));
}

async function autocomplete(interaction: AutocompleteInteraction, inbound: Extract<Inbound, { kind: 'autocomplete' }>, deps: HandlerDeps): Promise<void> {
  try {
    if (!(inbound.command in PETITION_OPTIONS)) {
      await interaction.respond([]);
      return;
    }
    const lang = await deps.app.engine.languageOf(inbound.event);
    const choices = matching(await deps.app.petitionChoices(lang), inbound.focused)
      .slice(0, MAX_CHOICES)
      .map((c) => ({ name: truncate(c.title, 100), value: c.slug }));
    await interaction.respond(choices);
  } catch (error) {
    deps.app.log.warn({ err: summarise(error), command: inbound.command }, 'discord autocomplete failed');
    await interaction.respond([]).catch(() => undefined);
  }
}

/** What an interaction was, for logs: its id, type and command or component prefix. Never the member or their text. */
function describe(facts: InteractionFacts): Record<string, string> {
  const out: Record<string, string> = { id: facts.id, type: facts.type };
  if (facts.commandName) out.command = facts.commandName;
  if (facts.customId) out.component = facts.customId.split(':')[0]!;
  return out;
}

/**
 * An error without its payload: discord.js errors carry the request body (a member's name in a review)
 * and the URL (the interaction token), so only the kind, code and first line of the message are kept.
 */
export function summarise(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: truncate(String(error), 200) };
  const e = error as Error & { code?: unknown; status?: unknown };
  const out: Record<string, unknown> = { type: e.name, message: truncate(e.message.split('\n')[0] ?? '', 200) };
  if (e.code !== undefined) out.code = e.code;
  if (e.status !== undefined) out.status = e.status;
  return out;
}
