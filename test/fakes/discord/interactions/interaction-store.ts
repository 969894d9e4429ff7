/** Every interaction the fake has dispatched: its token, deadline, acknowledgement and the messages it produced. */
import type { RecordedCall } from '../rest/call-log.js';
import { ChangeSignal } from '../signal.js';
import type { JsonObject } from '../world/api-types.js';

export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;

export const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly payload: JsonObject;
  readonly createdAt: number;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly userId: string;
  /** The message a component sat on (or a modal was opened from); what types 6 and 7 edit. */
  readonly sourceMessageId: string | null;
  /** The accepted initial response's type; null until acknowledged. */
  responseType: number | null;
  /** The message @original refers to, once there is one. */
  originalId: string | null;
  /** Edits to @original after the initial response; a deferred update becomes visible with the first. */
  originalEdits: number;
  readonly followUpIds: string[];
  modal: JsonObject | null;
  choices: JsonObject[] | null;
  /** REST calls naming this interaction's id or token, in arrival order, whatever their status. */
  readonly calls: RecordedCall[];
}

export class InteractionStore {
  readonly signal = new ChangeSignal();
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  add(record: InteractionRecord): void {
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  withToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }

  /** Newest first: the most recent modal with this custom_id is the one the user is looking at. */
  latestModal(customId: string): InteractionRecord | undefined {
    return [...this.byId.values()].reverse().find((r) => r.modal?.['custom_id'] === customId);
  }

  /** Files a REST call under the interaction its path names (callback by id, webhooks by token). */
  observe(call: RecordedCall): void {
    const callback = /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(call.path);
    const webhook = /^\/webhooks\/[^/]+\/([^/]+)(?:\/|$)/.exec(call.path);
    const record = callback ? this.byId.get(callback[1]!) : webhook ? this.byToken.get(webhook[1]!) : undefined;
    if (!record) return;
    record.calls.push(call);
    this.signal.notify();
  }
}
