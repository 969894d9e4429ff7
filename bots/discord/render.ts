/** Engine replies to Discord message bodies and modals: markdown content, buttons or select menus, form modals. */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
} from 'discord.js';
import type { Button, CommandSpec, FormField, Lang, Reply, RichText, Span, Translator } from '../../src';
import { isSafeUrl } from '../../src';
import { askButtonId, askModalId, choiceId, formButtonId, formModalId, MAX_CUSTOM_ID, menuId } from './custom-ids';
import { renderMarkdown } from './markdown';

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
export type FormReply = Extract<Reply, { kind: 'form' }>;
export type Modal = APIModalInteractionResponseCallbackData;

/** One Discord message. edit: replace the message whose component was used, where that is allowed. */
export interface OutMessage {
  content: string;
  components: Row[];
  edit: boolean;
}

/** What to send for one engine result, in order. A form is a modal where one can be shown, else its fallback message. */
export type Outgoing = { kind: 'message'; message: OutMessage } | { kind: 'form'; form: FormReply; modal: Modal; fallback: OutMessage[] };

const MAX_ROWS = 5;
const MAX_PER_ROW = 5;
const MAX_OPTIONS = 25;
const MAX_BUTTON_LABEL = 80;
const MAX_OPTION_LABEL = 100;
const MAX_MODAL_TITLE = 45;
const MAX_INPUT_LABEL = 45;
const MAX_INPUT_LENGTH = 4000;
/** Longest answer to an `ask`: the engine reads at most 4096 characters of text. */
const MAX_ANSWER = 4000;

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export class Renderer {
  constructor(
    private readonly translator: Translator,
    private readonly specs: () => CommandSpec[],
  ) {}

  s(lang: Lang, key: string, vars?: Record<string, string | number>): string {
    return this.translator.s(lang, key, vars);
  }

  /** All replies of one result, in order. */
  replies(replies: Reply[], lang: Lang): Outgoing[] {
    return replies.flatMap((reply) => this.reply(reply, lang));
  }

  reply(reply: Reply, lang: Lang): Outgoing[] {
    switch (reply.kind) {
      case 'message':
        return this.messages(reply.text, reply.buttons, lang, reply.edit === true);
      case 'ask':
        return this.messages(reply.text, [[{ kind: 'action', label: this.s(lang, 'discord:answerButton'), data: askButtonId(reply.field) }], ...(reply.buttons ?? [])], lang, false);
      case 'privateOnly':
        return this.messages(reply.text, [[{ kind: 'deepLink', label: reply.label, payload: reply.payload }]], lang, false);
      case 'notice':
        return this.messages([{ kind: 'text', text: reply.text }], undefined, lang, false);
      case 'form':
        return [{ kind: 'form', form: reply, modal: this.formModal(reply), fallback: this.formFallback(reply, lang) }];
    }
  }

  /** A form shown as a message, with a button that opens it (a modal submit cannot open another modal). */
  formFallback(form: FormReply, lang: Lang): OutMessage[] {
    const button: Button = { kind: 'action', label: this.s(lang, 'discord:openFormButton'), data: formButtonId(form.formId), style: 'primary' };
    return this.messages(form.text, [[button]], lang, false).flatMap((o) => (o.kind === 'message' ? [o.message] : []));
  }

  formModal(form: Pick<FormReply, 'formId' | 'title' | 'fields'>): Modal {
    return modal(formModalId(form.formId), form.title, form.fields);
  }

  /** The single-field modal that answers an `ask`. */
  askModal(field: string, lang: Lang): Modal {
    const label = this.s(lang, 'discord:answerLabel');
    return modal(askModalId(field), this.s(lang, 'discord:answerTitle'), [{ id: field, label, required: true, maxLength: MAX_ANSWER }]);
  }

  /** Text (split into as many messages as it needs) with the buttons under the last one. */
  messages(text: RichText, buttons: Button[][] | undefined, lang: Lang, edit: boolean): Outgoing[] {
    const contents = renderMarkdown(this.discordSpans(text, lang));
    const components = this.components(buttons, lang);
    return contents.map((content, i) => ({
      kind: 'message',
      message: { content, components: i === contents.length - 1 ? components : [], edit: edit && i === 0 },
    }));
  }

  /** Discord has no deep links: a deep link becomes its text plus the slash command that does the same. */
  private discordSpans(text: RichText, lang: Lang): RichText {
    return text.flatMap((span): Span[] => {
      if (span.kind !== 'deepLink') return [span];
      const command = this.commandFor(span.payload);
      if (!command) return [{ kind: 'text', text: span.text }];
      return [...this.translator.t(lang, 'discord:deepLinkHint', { text: span.text, command: [{ kind: 'text', text: command, style: 'code' }] })];
    });
  }

  /** "sign-bristol" → "/sign petition:bristol", when a command with an argument has the payload's prefix. */
  commandFor(payload: string): string | undefined {
    const dash = payload.indexOf('-');
    const name = dash > 0 ? payload.slice(0, dash) : payload;
    const spec = this.specs().find((s) => s.name === name);
    if (!spec) return undefined;
    if (dash < 0) return `/${spec.name}`;
    return spec.argument ? `/${spec.name} ${spec.argument.name}:${payload.slice(dash + 1)}` : undefined;
  }

  /** Buttons while they fit Discord's 5×5 grid; beyond that, choices move into select menus. */
  components(rows: Button[][] | undefined, lang: Lang): Row[] {
    const seen = new Set<string>();
    // Discord refuses a message with two components of the same custom_id; the second would do the same anyway.
    const kept = (rows ?? [])
      .map((row) => row.filter((b) => {
        if (b.kind === 'url') return isSafeUrl(b.url);
        const id = choiceId(b);
        if (id.length > MAX_CUSTOM_ID || seen.has(id)) return false;
        seen.add(id);
        return true;
      }))
      .filter((row) => row.length > 0);
    if (kept.length <= MAX_ROWS && kept.every((row) => row.length <= MAX_PER_ROW)) {
      return kept.map((row) => ({ type: ComponentType.ActionRow, components: row.map(button) }));
    }
    const choices = kept.flat().filter((b): b is Exclude<Button, { kind: 'url' }> => b.kind !== 'url');
    const links = kept.flat().filter((b): b is Extract<Button, { kind: 'url' }> => b.kind === 'url');
    const out: Row[] = [];
    for (let i = 0; i < choices.length && out.length < MAX_ROWS; i += MAX_OPTIONS) {
      const options: APISelectMenuOption[] = choices.slice(i, i + MAX_OPTIONS).map((b) => ({ label: truncate(b.label, MAX_OPTION_LABEL), value: choiceId(b) }));
      out.push({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.StringSelect, custom_id: menuId(out.length), placeholder: this.s(lang, 'discord:choose'), min_values: 1, max_values: 1, options }],
      });
    }
    for (let i = 0; i < links.length && out.length < MAX_ROWS; i += MAX_PER_ROW) {
      out.push({ type: ComponentType.ActionRow, components: links.slice(i, i + MAX_PER_ROW).map(button) });
    }
    return out;
  }
}

function modal(customId: string, title: string, fields: FormField[]): Modal {
  // The engine's form ids and field names are short; a long one is our bug, and better loud than a broken modal.
  if (customId.length > MAX_CUSTOM_ID) throw new Error(`"${customId}" is too long for a Discord custom_id`);
  return {
    custom_id: customId,
    title: truncate(title, MAX_MODAL_TITLE),
    components: fields.slice(0, 5).map((f) => ({ type: ComponentType.ActionRow, components: [textInput(f)] })),
  };
}

function button(b: Button): APIButtonComponent {
  const label = truncate(b.label, MAX_BUTTON_LABEL);
  if (b.kind === 'url') return { type: ComponentType.Button, style: ButtonStyle.Link, label, url: b.url };
  const style = b.kind === 'action' && b.style === 'primary' ? ButtonStyle.Primary : b.kind === 'action' && b.style === 'danger' ? ButtonStyle.Danger : ButtonStyle.Secondary;
  return { type: ComponentType.Button, style, label, custom_id: choiceId(b) };
}

function textInput(f: FormField) {
  const maxLength = Math.min(Math.max(f.maxLength, 1), MAX_INPUT_LENGTH);
  return {
    type: ComponentType.TextInput as const,
    custom_id: f.id,
    label: truncate(f.label, MAX_INPUT_LABEL),
    style: maxLength > 300 ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: f.required,
    max_length: maxLength,
    ...(f.value !== undefined && f.value !== '' && f.value.length <= maxLength ? { value: f.value } : {}),
  };
}
