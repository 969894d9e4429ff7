/** What a test holds after dispatching an interaction: the bot's response, as it arrives at the fake. */
import type { RecordedCall } from '../rest/call-log.js';
import type { ApiMessage, Json, JsonObject } from '../world/api-types.js';
import { MessageFlag, type MessageStore } from '../world/messages.js';
import { CallbackType, type InteractionRecord, type InteractionStore } from './interaction-store.js';

/** The accepted initial response. */
export interface InteractionResponse {
  /** 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type: number;
  data: JsonObject | undefined;
  call: RecordedCall;
  /** Live list of every call for this interaction: the callback, then webhook edits and follow-ups. */
  calls: readonly RecordedCall[];
}

/** The message the user ends up seeing, once there is one. */
export interface InteractionReply {
  responseType: number;
  ephemeral: boolean;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  /** A snapshot of the whole message. */
  message: ApiMessage;
}

export interface HandleDeps {
  store: InteractionStore;
  messages: MessageStore;
  /** Default timeout for waits: past the ack deadline, so a late bot fails the wait, not the test runner. */
  defaultTimeoutMs: number;
}

export class InteractionHandle {
  constructor(
    private readonly record: InteractionRecord,
    private readonly deps: HandleDeps,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  /** The INTERACTION_CREATE `d` that was dispatched. */
  get payload(): JsonObject {
    return this.record.payload;
  }

  /** Every REST call for this interaction (callback by id, webhook by token), whatever its status. */
  get calls(): readonly RecordedCall[] {
    return this.record.calls;
  }

  /** Callback calls only, including refused and rate-limited ones. */
  get callbacks(): readonly RecordedCall[] {
    return this.record.calls.filter((c) => c.path.endsWith('/callback'));
  }

  get acknowledged(): boolean {
    return this.record.responseType !== null;
  }

  get responseType(): number | null {
    return this.record.responseType;
  }

  /** The live @original message, if any. */
  get original(): ApiMessage | undefined {
    return this.record.originalId ? this.deps.messages.get(this.record.originalId) : undefined;
  }

  get followUps(): ApiMessage[] {
    return this.record.followUpIds.map((id) => this.deps.messages.get(id)).filter((m): m is ApiMessage => !!m);
  }

  /** Resolves with the accepted initial response; rejects if the callback was refused (e.g. 10062). */
  response(timeoutMs = this.deps.defaultTimeoutMs): Promise<InteractionResponse> {
    return this.wait('the initial response', timeoutMs, () => {
      const accepted = this.callbacks.find((c) => c.status < 300);
      if (accepted) {
        const body = accepted.body as JsonObject;
        return { type: Number(body['type']), data: body['data'] as JsonObject | undefined, call: accepted, calls: this.record.calls };
      }
      this.throwIfRefused();
      return undefined;
    });
  }

  /**
   * Resolves when the user sees a message: at once for a reply (4) or update (7), after the first edit
   * for a deferred reply (5) or deferred update (6). Rejects if the bot answered with a modal or choices.
   */
  waitForReply(timeoutMs = this.deps.defaultTimeoutMs): Promise<InteractionReply> {
    return this.wait('a visible reply', timeoutMs, () => {
      const type = this.record.responseType;
      if (type === null) return this.throwIfRefused();
      if (type === CallbackType.Modal) throw new Error('The bot showed a modal, not a reply; use waitForModal()');
      if (type === CallbackType.AutocompleteResult) throw new Error('The bot sent autocomplete choices; use waitForChoices()');
      const message = this.original;
      if (!message) return undefined;
      if (type === CallbackType.DeferredChannelMessageWithSource && (message.flags & MessageFlag.Loading) !== 0) return undefined;
      if (type === CallbackType.DeferredUpdateMessage && this.record.originalEdits === 0) return undefined;
      return reply(type, message);
    });
  }

  /** Resolves with the modal the bot showed (response type 9). */
  waitForModal(timeoutMs = this.deps.defaultTimeoutMs): Promise<JsonObject> {
    return this.wait('a modal', timeoutMs, () => {
      if (this.record.modal) return structuredClone(this.record.modal);
      if (this.record.responseType !== null) throw new Error(`The bot responded with type ${this.record.responseType}, not a modal`);
      return this.throwIfRefused();
    });
  }

  /** Resolves with the autocomplete choices (response type 8). */
  waitForChoices(timeoutMs = this.deps.defaultTimeoutMs): Promise<JsonObject[]> {
    return this.wait('autocomplete choices', timeoutMs, () => {
      if (this.record.choices) return structuredClone(this.record.choices);
      if (this.record.responseType !== null) throw new Error(`The bot responded with type ${this.record.responseType}, not choices`);
      return this.throwIfRefused();
    });
  }

  /** Resolves with the n-th (1-based) follow-up message. */
  waitForFollowUp(n = 1, timeoutMs = this.deps.defaultTimeoutMs): Promise<ApiMessage> {
    return this.wait(`follow-up #${n}`, timeoutMs, () => {
      const message = this.followUps[n - 1];
      return message ? structuredClone(message) : undefined;
    });
  }

  /** Resolves with the first call for this interaction matching the predicate. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = this.deps.defaultTimeoutMs): Promise<RecordedCall> {
    return this.wait('a matching call', timeoutMs, () => this.record.calls.find(predicate));
  }

  private wait<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
    return this.deps.store.signal.waitFor(check, timeoutMs, () => `${what} to interaction ${this.record.id} (calls: ${this.describeCalls()})`);
  }

  /** A refused callback (4xx other than 429) means no response is coming; say why. */
  private throwIfRefused(): undefined {
    const refused = this.callbacks.find((c) => c.status >= 400 && c.status !== 429 && c.status < 500);
    if (refused) throw new Error(`The callback was refused: ${refused.status} ${JSON.stringify(refused.response)}`);
    return undefined;
  }

  private describeCalls(): string {
    return this.record.calls.map((c) => `${c.method} ${c.path} → ${c.status}`).join('; ') || 'none';
  }
}

function reply(responseType: number, message: ApiMessage): InteractionReply {
  const snapshot = structuredClone(message);
  return {
    responseType,
    ephemeral: (snapshot.flags & MessageFlag.Ephemeral) !== 0,
    content: snapshot.content,
    embeds: snapshot.embeds,
    components: snapshot.components,
    flags: snapshot.flags,
    message: snapshot,
  };
}
