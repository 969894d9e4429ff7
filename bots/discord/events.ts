/** Discord interactions to engine events: the facts the adapter needs, read once, then mapped without discord.js. */
import type { Interaction } from 'discord.js';
import type { InboundEvent } from '../../src';
import { decodeChoice, decodeModal } from './custom-ids';

/** What the adapter reads from an interaction; plain data, so the mapping is tested without a client. */
export interface InteractionFacts {
  id: string;
  type: 'command' | 'component' | 'modal' | 'autocomplete';
  userId: string;
  channelId: string;
  locale: string | undefined;
  /** The member's roles in the server (none in DMs), for DISCORD_ADMIN_ROLE_IDS. */
  roleIds?: string[];
  /** Slash commands and autocomplete. */
  commandName?: string;
  options?: { name: string; value: string }[];
  /** Autocomplete: what the member has typed so far. */
  focused?: string;
  /** Buttons, select menus and modals. */
  customId?: string;
  /** Select menus: the chosen values. */
  values?: string[];
  /** Modals: text input values by custom_id. */
  fields?: Record<string, string>;
}

export type Inbound =
  | { kind: 'engine'; event: InboundEvent }
  | { kind: 'openAsk'; event: InboundEvent; field: string }
  | { kind: 'openForm'; event: InboundEvent; formId: string }
  | { kind: 'autocomplete'; event: InboundEvent; command: string; focused: string };

export function factsOf(interaction: Interaction): InteractionFacts | null {
  const base = {
    id: interaction.id,
    userId: interaction.user.id,
    // Interactions always come from a channel; the user id is only a guard against a malformed payload.
    channelId: interaction.channelId ?? interaction.user.id,
    locale: interaction.locale,
    roleIds: rolesOf(interaction),
  };
  if (interaction.isChatInputCommand()) {
    const options = interaction.options.data
      .filter((o) => o.value !== undefined && o.value !== null)
      .map((o) => ({ name: o.name, value: String(o.value) }));
    return { ...base, type: 'command', commandName: interaction.commandName, options };
  }
  if (interaction.isAutocomplete()) {
    return { ...base, type: 'autocomplete', commandName: interaction.commandName, focused: String(interaction.options.getFocused()) };
  }
  if (interaction.isButton()) return { ...base, type: 'component', customId: interaction.customId };
  if (interaction.isStringSelectMenu()) return { ...base, type: 'component', customId: interaction.customId, values: [...interaction.values] };
  if (interaction.isModalSubmit()) {
    const fields: Record<string, string> = {};
    for (const [id, field] of interaction.fields.fields) if ('value' in field && typeof field.value === 'string') fields[id] = field.value;
    return { ...base, type: 'modal', customId: interaction.customId, fields };
  }
  return null;
}

function rolesOf(interaction: Interaction): string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  // A cached GuildMember has a role manager; an uncached member arrives as the API's list of ids.
  return Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
}

/**
 * Every interaction is a private conversation: whatever shows or collects personal data is ephemeral,
 * so only the member sees it, in a channel as in a DM.
 */
export function toInbound(facts: InteractionFacts): Inbound {
  const event = (input: InboundEvent['input']): InboundEvent => ({
    id: facts.id,
    actor: { platform: 'discord', userId: facts.userId, chatId: facts.channelId, chatKind: 'private', clientLanguage: facts.locale },
    input,
    capabilities: { forms: true },
  });
  switch (facts.type) {
    case 'command':
      return { kind: 'engine', event: event({ kind: 'command', name: facts.commandName ?? '', args: (facts.options ?? []).map((o) => o.value).join(' ') }) };
    case 'autocomplete':
      return { kind: 'autocomplete', event: event({ kind: 'command', name: facts.commandName ?? '', args: '' }), command: facts.commandName ?? '', focused: facts.focused ?? '' };
    case 'modal':
      return { kind: 'engine', event: event(decodeModal(facts.customId ?? '', facts.fields ?? {})) };
    case 'component': {
      // A select menu's value is a choice in the same language as a button's custom_id.
      const id = facts.values ? (facts.values[0] ?? '') : (facts.customId ?? '');
      const action = decodeChoice(id);
      if (action.kind === 'openAsk') return { kind: 'openAsk', event: event({ kind: 'button', data: id }), field: action.field };
      if (action.kind === 'openForm') return { kind: 'openForm', event: event({ kind: 'button', data: id }), formId: action.formId };
      return { kind: 'engine', event: event(action.input) };
    }
  }
}
