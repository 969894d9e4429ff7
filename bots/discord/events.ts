/** Discord interactions to engine events: the facts the adapter needs, read once, then mapped without discord.js. */
import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { BotRight, InboundEvent } from '../../src';
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
  /** In a server: its id, the channel's name, and the rights /subscribe checks (from the interaction's permission fields). */
  guildId?: string;
  channelName?: string;
  /** The member has Manage Server or Manage Channels. */
  managesChannel?: boolean;
  /** What the bot lacks to post updates in this channel. */
  botMissing?: BotRight[];
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
    ...serverFacts(interaction),
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

/** Where in a server the interaction came from and who may do what there; nothing in DMs. */
function serverFacts(interaction: Interaction): Pick<InteractionFacts, 'guildId' | 'channelName' | 'managesChannel' | 'botMissing'> {
  if (!interaction.inGuild()) return {};
  const member = interaction.memberPermissions;
  const bot = interaction.appPermissions;
  const channel = interaction.channel;
  const missing: BotRight[] = [];
  if (bot && !bot.has(PermissionFlagsBits.ViewChannel)) missing.push('view');
  if (bot && !bot.has(PermissionFlagsBits.SendMessages)) missing.push('post');
  return {
    guildId: interaction.guildId,
    ...(channel && 'name' in channel && channel.name ? { channelName: channel.name } : {}),
    // Updates are plain messages with buttons: no embeds, so Embed Links is not needed.
    managesChannel: member !== null && (member.has(PermissionFlagsBits.ManageGuild) || member.has(PermissionFlagsBits.ManageChannels)),
    ...(bot ? { botMissing: missing } : {}),
  };
}

/**
 * Every interaction is a private conversation: whatever shows or collects personal data is ephemeral,
 * so only the member sees it, in a channel as in a DM.
 */
export function toInbound(facts: InteractionFacts): Inbound {
  const actor: InboundEvent['actor'] = { platform: 'discord', userId: facts.userId, chatId: facts.channelId, chatKind: 'private', clientLanguage: facts.locale };
  // In a server, chatId is the channel: /subscribe acts on it, while answers stay ephemeral.
  if (facts.guildId !== undefined) {
    Object.assign(actor, {
      guildId: facts.guildId,
      isChatAdmin: facts.managesChannel === true,
      ...(facts.botMissing ? { botMissing: facts.botMissing } : {}),
      ...(facts.channelName ? { chatTitle: `#${facts.channelName}` } : {}),
    });
  }
  if (facts.roleIds && facts.roleIds.length > 0) actor.roleIds = facts.roleIds;
  const event = (input: InboundEvent['input']): InboundEvent => ({ id: facts.id, actor, input, capabilities: { forms: true } });
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
