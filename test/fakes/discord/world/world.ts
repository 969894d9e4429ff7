/** The fake's server state: the bot, users, one guild with its roles, members and channels, and DM channels. */
import { snowflake } from '../snowflake.js';
import type { ApiChannel, ApiMember, ApiRole, ApiUser } from './api-types.js';
import {
  basePermissions,
  channelPermissions,
  DM_APP_PERMISSIONS,
  Permission,
  type PermissionSubject,
} from './permissions.js';

export interface UserInit {
  userId?: string;
  username: string;
  globalName?: string;
  bot?: boolean;
}

export interface MemberInit extends UserInit {
  /** Extra guild permissions as a bitfield string, granted through a role the fake creates for them. */
  permissions?: string;
  /** Role ids or role names that already exist in the guild. */
  roles?: string[];
  nick?: string;
}

interface MemberRecord {
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: string;
}

export interface WorldInit {
  applicationId: string;
  botUsername: string;
  guildName: string;
  guildLocale: string;
  channelNames: string[];
  botPermissions: bigint;
  everyonePermissions: bigint;
}

export class World {
  readonly botUser: ApiUser;
  readonly guildId = snowflake();
  readonly guildName: string;
  readonly guildLocale: string;
  readonly ownerId: string;
  readonly users = new Map<string, ApiUser>();
  readonly roles = new Map<string, ApiRole>();
  readonly channels = new Map<string, ApiChannel>();
  /** Users whose privacy settings refuse DMs from this bot (Discord answers 50007). */
  readonly dmBlocked = new Set<string>();
  private readonly members = new Map<string, MemberRecord>();
  private readonly dmByUser = new Map<string, string>();

  constructor(init: WorldInit) {
    this.guildName = init.guildName;
    this.guildLocale = init.guildLocale;
    // Modern applications share their id with their bot user.
    this.botUser = this.addUser({ userId: init.applicationId, username: init.botUsername, bot: true });
    this.roles.set(this.guildId, this.role(this.guildId, '@everyone', init.everyonePermissions, 0));
    const botRole = this.role(snowflake(), init.botUsername, init.botPermissions, 1);
    botRole.managed = true;
    botRole.tags = { bot_id: this.botUser.id };
    this.roles.set(botRole.id, botRole);
    this.ownerId = this.addMember({ username: 'server-owner' }).id;
    this.addMember({ userId: this.botUser.id, username: init.botUsername, roles: [botRole.id] });
    init.channelNames.forEach((name) => this.addChannel(name));
  }

  addUser(init: UserInit): ApiUser {
    const id = init.userId ?? snowflake();
    const existing = this.users.get(id);
    if (existing) return existing;
    const user: ApiUser = {
      id,
      username: init.username,
      global_name: init.globalName ?? null,
      discriminator: '0',
      avatar: null,
      public_flags: 0,
      flags: 0,
      ...(init.bot ? { bot: true } : {}),
    };
    this.users.set(id, user);
    return user;
  }

  addRole(name: string, permissions: bigint): ApiRole {
    const role = this.role(snowflake(), name, permissions, this.roles.size);
    this.roles.set(role.id, role);
    return role;
  }

  /** Adds (or updates) a member; returns the user. */
  addMember(init: MemberInit): ApiUser {
    const user = this.addUser(init);
    const roleIds = (init.roles ?? []).map((ref) => this.resolveRoleId(ref));
    if (init.permissions !== undefined) roleIds.push(this.permissionRole(BigInt(init.permissions)));
    const existing = this.members.get(user.id);
    const joinedAt = existing?.joinedAt ?? new Date().toISOString();
    this.members.set(user.id, { userId: user.id, roleIds: [...new Set(roleIds)], nick: init.nick ?? null, joinedAt });
    return user;
  }

  removeMember(userId: string): boolean {
    return this.members.delete(userId);
  }

  isMember(userId: string): boolean {
    return this.members.has(userId);
  }

  memberIds(): string[] {
    return [...this.members.keys()];
  }

  addChannel(name: string, type = 0): ApiChannel {
    const position = [...this.channels.values()].filter((c) => c.guild_id).length;
    const channel: ApiChannel = {
      id: snowflake(),
      type,
      name,
      guild_id: this.guildId,
      position,
      permission_overwrites: [],
      topic: null,
      nsfw: false,
      parent_id: null,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: 0,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  guildTextChannels(): ApiChannel[] {
    return [...this.channels.values()].filter((c) => c.guild_id === this.guildId && c.type === 0);
  }

  /** Opens (or returns) the bot's DM channel with a user, as POST /users/@me/channels does. */
  openDm(userId: string): ApiChannel {
    const existing = this.dmByUser.get(userId);
    if (existing) return this.channels.get(existing)!;
    const user = this.users.get(userId);
    if (!user) throw new Error(`openDm: unknown user ${userId}`);
    const channel: ApiChannel = { id: snowflake(), type: 1, last_message_id: null, flags: 0, recipients: [user] };
    this.channels.set(channel.id, channel);
    this.dmByUser.set(userId, channel.id);
    return channel;
  }

  dmRecipient(channelId: string): ApiUser | undefined {
    return this.channels.get(channelId)?.recipients?.[0];
  }

  /** Denies or restores the bot's View Channel through a member overwrite, as a server admin would. */
  setBotAccess(channelId: string, allowed: boolean): ApiChannel {
    const channel = this.channels.get(channelId);
    if (!channel?.permission_overwrites) throw new Error(`No guild channel ${channelId}`);
    const others = channel.permission_overwrites.filter((o) => !(o.type === 1 && o.id === this.botUser.id));
    channel.permission_overwrites = allowed
      ? others
      : [...others, { id: this.botUser.id, type: 1, allow: '0', deny: String(Permission.ViewChannel) }];
    return channel;
  }

  /** A user's permissions in a channel; DMs give the bot its fixed DM set. */
  permissionsIn(userId: string, channelId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel) return 0n;
    if (!channel.guild_id) return DM_APP_PERMISSIONS;
    const subject = this.subject(userId);
    if (!subject) return 0n;
    return channelPermissions(subject, this.guildPermissions(userId), this.guildId, channel.permission_overwrites ?? []);
  }

  guildPermissions(userId: string): bigint {
    const subject = this.subject(userId);
    if (!subject) return 0n;
    return basePermissions(subject, BigInt(this.roles.get(this.guildId)!.permissions), (id) =>
      BigInt(this.roles.get(id)?.permissions ?? '0'),
    );
  }

  member(userId: string): ApiMember | undefined {
    const record = this.members.get(userId);
    const user = this.users.get(userId);
    if (!record || !user) return undefined;
    return {
      user,
      nick: record.nick,
      avatar: null,
      roles: [...record.roleIds],
      joined_at: record.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  private subject(userId: string): PermissionSubject | undefined {
    const record = this.members.get(userId);
    if (!record) return undefined;
    return { userId, roleIds: record.roleIds, isOwner: userId === this.ownerId };
  }

  private resolveRoleId(ref: string): string {
    if (this.roles.has(ref)) return ref;
    const byName = [...this.roles.values()].find((r) => r.name === ref);
    if (!byName) throw new Error(`Unknown role "${ref}"; create it first with fake.addRole({ name, permissions })`);
    return byName.id;
  }

  /** Discord has no per-member permissions, so a permissions bitfield becomes a role holding exactly it. */
  private permissionRole(permissions: bigint): string {
    const name = `permissions:${permissions}`;
    const existing = [...this.roles.values()].find((r) => r.name === name);
    return (existing ?? this.addRole(name, permissions)).id;
  }

  private role(id: string, name: string, permissions: bigint, position: number): ApiRole {
    return {
      id,
      name,
      permissions: String(permissions),
      position,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
      icon: null,
      unicode_emoji: null,
    };
  }
}
