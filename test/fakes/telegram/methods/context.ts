/** What every Bot API method handler receives and may return. */
import type { BotState } from '../bot-state';
import type { Params } from '../params';
import type { LimitSettings } from '../rate-limiter';

export interface MethodContext {
  bot: BotState;
  params: Params;
  /** Aborts when the client hung up or the fake is closing; long polls stop waiting. */
  signal: AbortSignal;
  settings: LimitSettings;
}

/** A successful result that Telegram accompanies with a description ("Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export type MethodHandler = (context: MethodContext) => unknown;

/** Handlers by their Telegram name; the dispatcher matches names case-insensitively, as Telegram does. */
export type MethodTable = Record<string, MethodHandler>;
