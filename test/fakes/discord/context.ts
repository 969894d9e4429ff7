/** The internal state every route and helper shares; built once per fake by FakeDiscord. */
import type { InteractionStore } from './interactions/interaction-store.js';
import type { ResolvedOptions } from './options.js';
import type { CommandStore } from './world/commands.js';
import type { MessageStore } from './world/messages.js';
import type { World } from './world/world.js';

export interface FakeContext {
  readonly options: ResolvedOptions;
  readonly token: string;
  readonly applicationId: string;
  readonly world: World;
  readonly messages: MessageStore;
  readonly commands: CommandStore;
  readonly interactions: InteractionStore;
  /** ws://127.0.0.1:PORT once listening. */
  gatewayUrl(): string;
  /** Sends a gateway dispatch to every session that asked for `intent` (or to all, without one). */
  dispatch(event: string, data: unknown, intent?: number): void;
}
