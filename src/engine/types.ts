/** The engine's language with adapters: normalised inbound events and platform-neutral replies. */
import type { RichText } from '../text/rich';
import type { Platform } from '../privacy/identity';
import type { Lang } from '../i18n/translator';

export type { Platform, Lang, RichText };

export type ChatKind = 'private' | 'group' | 'channel';

export interface Actor {
  platform: Platform;
  /** The platform's user id. Hashed on arrival; never stored or logged. */
  userId: string;
  chatId: string;
  chatKind: ChatKind;
  /** The client's language code (Telegram language_code, Discord locale), for first contact. */
  clientLanguage?: string;

  // Filled by adapters for commands that act on a group or channel (/subscribe, /unsubscribe) and
  // for admin checks. Left out, they count as "no": not an admin, no roles.

  /** The group's or channel's name, for admin listings (not personal). */
  chatTitle?: string;
  /**
   * Discord: the server of the channel the interaction came from. chatId is then that channel,
   * even though answers stay private (ephemeral) and chatKind is 'private'.
   */
  guildId?: string;
  /** May manage this chat: Telegram creator or administrator (getChatMember); Discord Manage Server or Manage Channels; any poster in a Telegram channel. */
  isChatAdmin?: boolean;
  /** What the bot lacks to post in this chat; [] when it can post; absent when not checked. */
  botMissing?: BotRight[];
  /** Discord: the member's role ids in the server, for DISCORD_ADMIN_ROLE_IDS. */
  roleIds?: string[];
}

/**
 * A right the bot needs to post updates in a chat. admin: Telegram channels post only through
 * administrators; post: can_post_messages / can send messages / Send Messages; view: Discord View
 * Channel; links: Discord Embed Links.
 */
export type BotRight = 'admin' | 'post' | 'view' | 'links';

export type EventInput =
  | { kind: 'command'; name: string; args: string }
  | { kind: 'text'; text: string }
  | { kind: 'button'; data: string }
  | { kind: 'start'; payload: string }
  | { kind: 'form'; formId: string; values: Record<string, string> };

export interface InboundEvent {
  /** A platform id for this update (Telegram update_id, Discord interaction id): replays are ignored. */
  id?: string;
  actor: Actor;
  input: EventInput;
  /**
   * The platform resends this update until the adapter acknowledges it (Telegram). Its replies are
   * kept, encrypted, until the adapter calls Engine.delivered(): a crash between commit and sending
   * then gets the replies on redelivery instead of silence.
   */
  redeliverable?: boolean;
  /** What the adapter can show. Discord shows forms (modals); Telegram and the console ask step by step. */
  capabilities?: { forms?: boolean };
}

export type Button =
  /** Comes back as a button event with this data (at most 64 bytes, Telegram's limit). */
  | { kind: 'action'; label: string; data: string; style?: 'primary' | 'danger' }
  | { kind: 'url'; label: string; url: string }
  /** Opens the bot's private chat with a start payload (Telegram deep link). */
  | { kind: 'deepLink'; label: string; payload: string };

export interface FormField {
  id: string;
  label: string;
  required: boolean;
  maxLength: number;
  /** A value the member gave before, to correct rather than retype. */
  value?: string;
}

export type Reply =
  | {
      kind: 'message';
      text: RichText;
      buttons?: Button[][];
      /** Replace the message whose button was pressed, instead of sending a new one. */
      edit?: boolean;
      /** Ask the platform to stop forwarding and saving (Telegram protect_content). */
      protect?: boolean;
    }
  /** A question whose answer is free text (the next text event). */
  | { kind: 'ask'; text: RichText; field: string; buttons?: Button[][] }
  /** Several fields at once, for adapters with capabilities.forms; answered by a form event. */
  | { kind: 'form'; formId: string; title: string; fields: FormField[]; text: RichText }
  /** The request needs a private chat: say so and offer a way there. */
  | { kind: 'privateOnly'; text: RichText; payload: string; label: string }
  /** A short toast for a button press (Telegram callback answer); also shown as text where toasts don't exist. */
  | { kind: 'notice'; text: string };

export interface EngineResult {
  replies: Reply[];
  lang: Lang;
  /** True when the event was a replay of one already handled. */
  duplicate?: boolean;
  /** A replay whose first handling was committed but whose replies were never confirmed sent: send them now. */
  redelivered?: boolean;
}

/** What adapters show in command menus. */
export interface CommandSpec {
  name: string;
  descriptionKey: string;
  /** private: shown in private chats only. admin: campaign admins only. */
  scope: 'all' | 'private' | 'group' | 'admin';
  /** Name of the argument, for platforms with typed options (Discord). */
  argument?: { name: string; descriptionKey: string; required: boolean; autocomplete?: boolean };
}
