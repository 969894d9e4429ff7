/** What a handler sees of one event: who, in which language, the transaction, and where replies go. */
import type { Tx } from '../db/client';
import type { Logger } from '../log';
import type { Translator, Lang, Vars } from '../i18n/translator';
import type { PetitionService } from '../petitions/service';
import type { SignatureService } from '../signatures/service';
import type { PreferenceService } from '../signatures/preferences';
import type { FieldCipher } from '../privacy/cipher';
import type { RichText } from '../text/rich';
import type { Button, InboundEvent, Reply } from './types';
import { newNonce, type FlowState } from './state';

export interface Services {
  translator: Translator;
  petitions: PetitionService;
  signatures: SignatureService;
  preferences: PreferenceService;
  cipher: FieldCipher;
  log: Logger;
}

export class Ctx {
  readonly replies: Reply[] = [];
  private stateDirty = false;

  constructor(
    readonly event: InboundEvent,
    readonly memberHash: string,
    public lang: Lang,
    readonly tx: Tx,
    readonly services: Services,
    readonly now: Date,
    private flowState: FlowState | null,
  ) {}

  get actor() {
    return this.event.actor;
  }

  get isPrivate(): boolean {
    return this.event.actor.chatKind === 'private';
  }

  get usesForms(): boolean {
    return this.event.capabilities?.forms === true;
  }

  get state(): FlowState | null {
    return this.flowState;
  }

  get stateChanged(): boolean {
    return this.stateDirty;
  }

  t(key: string, vars?: Vars): RichText {
    return this.services.translator.t(this.lang, key, vars);
  }

  s(key: string, vars?: Record<string, string | number>): string {
    return this.services.translator.s(this.lang, key, vars);
  }

  reply(reply: Reply): void {
    this.replies.push(reply);
  }

  /** A message from a key, with optional buttons. */
  say(key: string, vars?: Vars, options: { buttons?: Button[][]; edit?: boolean; protect?: boolean } = {}): void {
    this.reply({ kind: 'message', text: this.t(key, vars), ...options });
  }

  message(text: RichText, options: { buttons?: Button[][]; edit?: boolean; protect?: boolean } = {}): void {
    this.reply({ kind: 'message', text, ...options });
  }

  notice(key: string, vars?: Record<string, string | number>): void {
    this.reply({ kind: 'notice', text: this.s(key, vars) });
  }

  action(labelKey: string, data: string, style?: 'primary' | 'danger'): Button {
    return style ? { kind: 'action', label: this.s(labelKey), data, style } : { kind: 'action', label: this.s(labelKey), data };
  }

  /** Begins a flow; any earlier flow ends and its buttons become stale. */
  startFlow(flow: string, step: string, data: Record<string, unknown> = {}): FlowState {
    this.flowState = { flow, step, nonce: newNonce(), data };
    this.stateDirty = true;
    return this.flowState;
  }

  setStep(step: string, data?: Record<string, unknown>): void {
    if (!this.flowState) throw new Error('setStep called with no flow in progress');
    this.flowState = { ...this.flowState, step, data: data ?? this.flowState.data };
    this.stateDirty = true;
  }

  endFlow(): void {
    if (this.flowState !== null) this.stateDirty = true;
    this.flowState = null;
  }

  /** The flow's state, when it is the given flow and the button came from this very flow instance. */
  flowFor(flow: string, nonce?: string): FlowState | null {
    const s = this.flowState;
    if (!s || s.flow !== flow) return null;
    if (nonce !== undefined && s.nonce !== nonce) return null;
    return s;
  }
}
