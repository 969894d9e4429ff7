/** The JSON shapes the fake stores and serves, trimmed to the fields discord.js and our bot read. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ApiUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
  flags: number;
}

export interface ApiRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
  color: number;
  hoist: boolean;
  managed: boolean;
  mentionable: boolean;
  flags: number;
  icon: string | null;
  unicode_emoji: string | null;
  tags?: { bot_id: string };
}

export interface ApiOverwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface ApiChannel {
  id: string;
  /** 0 guild text, 1 DM, 4 category, 5 announcement. */
  type: number;
  name?: string;
  guild_id?: string;
  position?: number;
  permission_overwrites?: ApiOverwrite[];
  topic?: string | null;
  nsfw?: boolean;
  parent_id?: string | null;
  rate_limit_per_user?: number;
  last_message_id: string | null;
  flags: number;
  recipients?: ApiUser[];
}

export interface ApiMember {
  user: ApiUser;
  nick: string | null;
  avatar: string | null;
  roles: string[];
  joined_at: string;
  premium_since: string | null;
  deaf: boolean;
  mute: boolean;
  flags: number;
  pending: boolean;
  communication_disabled_until: string | null;
  /** Only inside interactions: the member's total permissions in the interaction's channel. */
  permissions?: string;
}

export interface ApiMessage {
  id: string;
  /** 0 default, 19 reply, 20 chat input command response. */
  type: number;
  channel_id: string;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Json[];
  flags: number;
  author: ApiUser;
  timestamp: string;
  edited_timestamp: string | null;
  mentions: Json[];
  mention_roles: string[];
  mention_everyone: boolean;
  pinned: boolean;
  tts: boolean;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: JsonObject;
  nonce?: string | number;
}

export interface ApiCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  name_localizations: Record<string, string> | null;
  description: string;
  description_localizations: Record<string, string> | null;
  options?: JsonObject[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  contexts: number[] | null;
  integration_types: number[];
  nsfw: boolean;
  guild_id?: string;
}
