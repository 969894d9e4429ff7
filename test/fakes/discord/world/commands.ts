/** Registered application commands, global and per guild, with Discord's overwrite and upsert rules. */
import { snowflake } from '../snowflake.js';
import type { ApiCommand, JsonObject } from './api-types.js';

/** null = global; otherwise the guild id. */
export type CommandScope = string | null;

export class CommandStore {
  private readonly scopes = new Map<CommandScope, ApiCommand[]>();

  constructor(private readonly applicationId: string) {}

  list(scope: CommandScope): ApiCommand[] {
    return this.scopes.get(scope) ?? [];
  }

  get(scope: CommandScope, id: string): ApiCommand | undefined {
    return this.list(scope).find((c) => c.id === id);
  }

  /** PUT: the body becomes the whole set; a command keeping its name and type keeps its id. */
  overwrite(scope: CommandScope, bodies: JsonObject[]): ApiCommand[] {
    const previous = this.list(scope);
    const next = bodies.map((body) => {
      const type = commandType(body);
      const old = previous.find((c) => c.name === body['name'] && c.type === type);
      return this.build(scope, body, old?.id);
    });
    this.scopes.set(scope, next);
    return next;
  }

  /** POST: creates, or replaces the command with the same name and type. */
  upsert(scope: CommandScope, body: JsonObject): { command: ApiCommand; created: boolean } {
    const list = [...this.list(scope)];
    const index = list.findIndex((c) => c.name === body['name'] && c.type === commandType(body));
    const command = this.build(scope, body, index >= 0 ? list[index]!.id : undefined);
    if (index >= 0) list[index] = command;
    else list.push(command);
    this.scopes.set(scope, list);
    return { command, created: index < 0 };
  }

  patch(scope: CommandScope, id: string, body: JsonObject): ApiCommand | undefined {
    const existing = this.get(scope, id);
    if (!existing) return undefined;
    const merged = { ...(existing as unknown as JsonObject), ...body };
    const command = this.build(scope, merged, id);
    this.scopes.set(
      scope,
      this.list(scope).map((c) => (c.id === id ? command : c)),
    );
    return command;
  }

  delete(scope: CommandScope, id: string): boolean {
    const list = this.list(scope);
    if (!list.some((c) => c.id === id)) return false;
    this.scopes.set(
      scope,
      list.filter((c) => c.id !== id),
    );
    return true;
  }

  /** What a user typing /name in this guild would pick: the guild's command shadows the global one. */
  findChatInput(name: string, guildId: string | null): ApiCommand | undefined {
    const inGuild = guildId ? this.list(guildId).find((c) => c.type === 1 && c.name === name) : undefined;
    return inGuild ?? this.list(null).find((c) => c.type === 1 && c.name === name);
  }

  /** True once the bot has registered anything, so helpers can insist on registered commands. */
  any(): boolean {
    return [...this.scopes.values()].some((list) => list.length > 0);
  }

  private build(scope: CommandScope, body: JsonObject, id: string | undefined): ApiCommand {
    const command: ApiCommand = {
      id: id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type: commandType(body),
      name: String(body['name']),
      name_localizations: (body['name_localizations'] as Record<string, string> | undefined) ?? null,
      description: String(body['description'] ?? ''),
      description_localizations: (body['description_localizations'] as Record<string, string> | undefined) ?? null,
      default_member_permissions: (body['default_member_permissions'] as string | null | undefined) ?? null,
      contexts: (body['contexts'] as number[] | null | undefined) ?? null,
      integration_types: (body['integration_types'] as number[] | undefined) ?? [0],
      nsfw: body['nsfw'] === true,
      ...(Array.isArray(body['options']) ? { options: body['options'] as JsonObject[] } : {}),
      ...(scope ? { guild_id: scope } : { dm_permission: body['dm_permission'] !== false }),
    };
    return command;
  }
}

export function commandType(body: JsonObject): number {
  return typeof body['type'] === 'number' ? body['type'] : 1;
}
