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
}

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
