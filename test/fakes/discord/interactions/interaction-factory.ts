/** Turns a test's "user does X" into a realistic INTERACTION_CREATE, dispatches it, and returns its handle. */
import type { FakeContext } from '../context.js';
import type { ApiMessage, Json, JsonObject } from '../world/api-types.js';
import { findComponent } from '../world/messages.js';
import { buildCommandData, type OptionValue } from './command-data.js';
import { buildInteraction, type InteractionOrigin } from './envelope.js';
import { type HandleDeps, InteractionHandle } from './handle.js';
import { InteractionType, type InteractionRecord } from './interaction-store.js';
import { buildModalSubmitData, type FieldValue } from './modal-submit.js';

export interface SlashCommandInit extends InteractionOrigin {
  /** The command as typed, sub-commands included: 'sign' or 'petition sign'. */
  name: string;
  options?: Record<string, OptionValue>;
}

export interface AutocompleteInit extends SlashCommandInit {
  /** The option the user is typing in; its value in `options` is the text so far. */
  focused: string;
}

/** A message the user interacts with: the message itself, or its id. Default: the newest one carrying the custom_id. */
export type MessageRef = ApiMessage | string;

export interface ButtonClickInit extends Omit<InteractionOrigin, 'channelId' | 'guild'> {
  customId: string;
  message?: MessageRef;
}

export interface SelectMenuInit extends ButtonClickInit {
  values: string[];
}

export interface ModalSubmitInit extends InteractionOrigin {
  customId: string;
  fields: Record<string, FieldValue>;
}

const BUTTON = 2;

export class InteractionFactory {
  constructor(
    private readonly ctx: FakeContext,
    private readonly send: (record: InteractionRecord) => void,
    private readonly handleDeps: HandleDeps,
  ) {}

  slashCommand(init: SlashCommandInit): InteractionHandle {
    return this.fire(InteractionType.ApplicationCommand, init, (guildId, userId) =>
      buildCommandData(this.ctx, init.name, init.options, guildId, userId),
    );
  }

  autocomplete(init: AutocompleteInit): InteractionHandle {
    if (!init.options || !(init.focused in init.options)) {
      throw new Error(`autocomplete: options must include the focused option "${init.focused}"`);
    }
    return this.fire(InteractionType.Autocomplete, init, (guildId, userId) =>
      buildCommandData(this.ctx, init.name, init.options, guildId, userId, init.focused),
    );
  }

  clickButton(init: ButtonClickInit): InteractionHandle {
    const { message, component } = this.locate(init.customId, init.message);
    if (component['type'] !== BUTTON) throw new Error(`"${init.customId}" is not a button`);
    if (component['disabled'] === true) throw new Error(`Button "${init.customId}" is disabled; Discord would not send the click`);
    return this.fire(InteractionType.MessageComponent, init, () => ({ custom_id: init.customId, component_type: BUTTON }), message);
  }

  selectMenu(init: SelectMenuInit): InteractionHandle {
    const { message, component } = this.locate(init.customId, init.message);
    const type = Number(component['type']);
    if (type === BUTTON) throw new Error(`"${init.customId}" is a button, not a select menu`);
    const min = typeof component['min_values'] === 'number' ? component['min_values'] : 1;
    const max = typeof component['max_values'] === 'number' ? component['max_values'] : 1;
    if (init.values.length < min || init.values.length > max) {
      throw new Error(`Select "${init.customId}" takes ${min}–${max} values; got ${init.values.length}`);
    }
    if (type === 3) {
      const offered = new Set((component['options'] as Json[] | undefined ?? []).map((o) => String((o as JsonObject)['value'])));
      const stray = init.values.filter((v) => !offered.has(v));
      if (stray.length > 0) throw new Error(`Select "${init.customId}" offers no option(s) ${stray.join(', ')}`);
    }
    return this.fire(InteractionType.MessageComponent, init, () => ({ custom_id: init.customId, component_type: type, values: init.values }), message);
  }

  /** Mirrors the newest modal the bot showed with this custom_id; without one, submits the classic layout. */
  submitModal(init: ModalSubmitInit): InteractionHandle {
    const shownBy = this.ctx.interactions.latestModal(init.customId);
    const data = buildModalSubmitData(init.customId, init.fields, shownBy?.modal ?? undefined);
    const source = shownBy?.sourceMessageId ? this.ctx.messages.get(shownBy.sourceMessageId) : undefined;
    const origin: InteractionOrigin = shownBy && !source ? { channelId: shownBy.channelId, ...init } : init;
    return this.fire(InteractionType.ModalSubmit, origin, () => data, source);
  }

  private fire(
    type: number,
    origin: InteractionOrigin,
    data: (guildId: string | null, userId: string) => JsonObject,
    message?: ApiMessage,
  ): InteractionHandle {
    // Build the envelope first to learn the guild and user, then the data, which depends on both.
    const probe = buildInteraction(this.ctx, type, origin, {}, message);
    const payload = { ...probe.payload, data: data(probe.guildId, probe.userId) };
    const record: InteractionRecord = { ...probe, payload, createdAt: Date.now() };
    this.ctx.interactions.add(record);
    this.send(record);
    return new InteractionHandle(record, this.handleDeps);
  }

  private locate(customId: string, ref: MessageRef | undefined): { message: ApiMessage; component: JsonObject } {
    const message =
      typeof ref === 'string' ? this.ctx.messages.get(ref) : ref ? this.ctx.messages.get(ref.id) ?? ref : this.ctx.messages.findByCustomId(customId);
    if (!message) {
      throw new Error(`No message carries a component "${customId}"; have the bot send it, or seed one with fake.seedBotMessage()`);
    }
    const component = findComponent(message.components, customId);
    if (!component) throw new Error(`Message ${message.id} has no component "${customId}"`);
    return { message, component };
  }
}
