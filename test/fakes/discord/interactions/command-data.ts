/** Builds a chat-input command's `data` (options, sub-commands, resolved objects) from a registered command. */
import type { FakeContext } from '../context.js';
import { snowflake } from '../snowflake.js';
import type { JsonObject } from '../world/api-types.js';

export type OptionValue = string | number | boolean;

const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/**
 * `name` may include sub-commands as Discord shows them: 'petition sign' or 'admin petition close'.
 * Once the bot has registered any command, the command and its options must exist, since Discord would
 * only ever send registered ones; before that, option types are inferred from the values.
 */
export function buildCommandData(
  ctx: FakeContext,
  name: string,
  options: Record<string, OptionValue> = {},
  guildId: string | null,
  userId: string,
  focused?: string,
): JsonObject {
  const [root, ...path] = name.trim().split(/\s+/);
  if (!root) throw new Error('A command name is required');
  const registered = ctx.commands.findChatInput(root, guildId);
  if (!registered && ctx.commands.any()) {
    throw new Error(`/${root} is not registered${guildId ? ' in this guild or globally' : ' globally'}; Discord would not offer it`);
  }
  const resolved: Record<string, Record<string, JsonObject>> = {};
  let definitions = registered?.options;
  const chain: Array<{ name: string; type: number }> = [];
  for (const part of path) {
    const definition = definitions?.find((o) => o['name'] === part);
    if (registered && !definition) throw new Error(`/${root} has no sub-command "${part}"`);
    chain.push({ name: part, type: Number(definition?.['type'] ?? (chain.length === 0 && path.length === 2 ? OptionType.SubcommandGroup : OptionType.Subcommand)) });
    definitions = definition?.['options'] as JsonObject[] | undefined;
  }
  const leaves = Object.entries(options).map(([optionName, value]) => {
    const definition = definitions?.find((o) => o['name'] === optionName);
    if (registered && !definition) throw new Error(`/${name} has no option "${optionName}"`);
    const type = Number(definition?.['type'] ?? inferType(value));
    if (optionName !== focused) addResolved(ctx, resolved, type, String(value), guildId, userId);
    return {
      name: optionName,
      type,
      // An autocomplete's focused option carries the raw text typed so far.
      value: optionName === focused ? String(value) : value,
      ...(optionName === focused ? { focused: true } : {}),
    };
  });
  const nested = chain.reduceRight<JsonObject[]>((inner, level) => [{ ...level, options: inner }], leaves);
  return {
    id: registered?.id ?? snowflake(),
    name: root,
    type: 1,
    ...(nested.length > 0 ? { options: nested } : {}),
    ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
  };
}

function inferType(value: OptionValue): number {
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

/** User, channel, role and mentionable options come with the objects they name, as Discord resolves them. */
function addResolved(
  ctx: FakeContext,
  resolved: Record<string, Record<string, JsonObject>>,
  type: number,
  id: string,
  guildId: string | null,
  userId: string,
): void {
  const { world } = ctx;
  const put = (kind: string, value: unknown): void => {
    resolved[kind] = { ...resolved[kind], [id]: value as JsonObject };
  };
  const addUser = (): boolean => {
    const user = world.users.get(id);
    if (!user) return false;
    put('users', user);
    const member = guildId ? world.member(id) : undefined;
    if (member) {
      const { user: _user, deaf: _deaf, mute: _mute, ...partial } = member;
      put('members', { ...partial, permissions: String(world.guildPermissions(id)) });
    }
    return true;
  };
  const addRole = (): boolean => {
    const role = world.roles.get(id);
    if (role) put('roles', role);
    return role !== undefined;
  };
  if (type === OptionType.User && !addUser()) throw new Error(`User option names unknown user ${id}`);
  if (type === OptionType.Role && !addRole()) throw new Error(`Role option names unknown role ${id}`);
  if (type === OptionType.Mentionable && !addUser() && !addRole()) throw new Error(`Mentionable option names nothing known: ${id}`);
  if (type === OptionType.Channel) {
    const channel = world.channels.get(id);
    if (!channel) throw new Error(`Channel option names unknown channel ${id}`);
    put('channels', { id, name: channel.name ?? null, type: channel.type, permissions: String(world.permissionsIn(userId, id)), flags: 0 });
  }
  if (type === OptionType.Attachment) throw new Error('Attachment options are not supported by the fake');
}
