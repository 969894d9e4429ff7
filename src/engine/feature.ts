/** How a capability (signing, privacy, twin status, broadcasts) plugs into the engine: commands, buttons, start payloads, flows. */
import type { Tx } from '../db/client';
import type { Ctx } from './context';
import type { CommandSpec } from './types';

export interface CommandHandler {
  spec: CommandSpec;
  /** Whether it may run in a group or channel; otherwise the member is sent to the private chat. */
  inGroups: boolean;
  run(ctx: Ctx, args: string): Promise<void>;
}

export interface FlowHandler {
  onText?(ctx: Ctx, text: string): Promise<void>;
  onForm?(ctx: Ctx, formId: string, values: Record<string, string>): Promise<void>;
}

export interface Feature {
  name: string;
  commands?: CommandHandler[];
  /** Button data is "<prefix>:<rest>"; the handler gets the parts after the prefix. */
  buttons?: Record<string, (ctx: Ctx, parts: string[]) => Promise<void>>;
  /** Start payloads are "<prefix>-<rest>" (deep links); the handler gets the rest. */
  startPayloads?: Record<string, (ctx: Ctx, rest: string) => Promise<void>>;
  flows?: Record<string, FlowHandler>;
  /** Erases everything this feature keeps about a member (/forget); returns rows removed. */
  forget?(tx: Tx, memberHash: string): Promise<number>;
}
