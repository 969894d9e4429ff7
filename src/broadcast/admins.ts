/** Who may broadcast: campaign admins by platform user id (and Discord role), read from config at every check. */
import type { Config } from '../config';
import type { Actor } from '../engine/types';

export interface CampaignAdmins {
  telegramUserIds: readonly string[];
  discordUserIds: readonly string[];
  discordRoleIds: readonly string[];
}

export function campaignAdmins(config: Pick<Config, 'telegram' | 'discord'>): CampaignAdmins {
  return {
    telegramUserIds: config.telegram?.adminIds ?? [],
    discordUserIds: config.discord?.adminUserIds ?? [],
    discordRoleIds: config.discord?.adminRoleIds ?? [],
  };
}

/** Compares the actor's live ids with the configured ones; the raw ids are never stored. */
export function isCampaignAdmin(admins: CampaignAdmins, actor: Pick<Actor, 'platform' | 'userId' | 'roleIds'>): boolean {
  switch (actor.platform) {
    case 'telegram':
      return admins.telegramUserIds.includes(actor.userId);
    case 'discord':
      return admins.discordUserIds.includes(actor.userId) || (actor.roleIds ?? []).some((r) => admins.discordRoleIds.includes(r));
    case 'console':
      // The terminal's operator has the admin command line for this.
      return false;
  }
}

/** The audit log's name for a member: platform and hash, never the platform id. */
export function auditActor(actor: Pick<Actor, 'platform'>, memberHash: string): string {
  return `${actor.platform}:${memberHash}`;
}
