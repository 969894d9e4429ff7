/** Public entry of the Discord fake: start it, then drive users and inspect what the bot did. */

// Commonly used
export { FakeDiscord, startFakeDiscord, type FakeGuild } from './fake-discord.js';
export type { FakeDiscordOptions } from './options.js';
export type { InteractionHandle, InteractionReply, InteractionResponse } from './interactions/handle.js';
export type {
  AutocompleteInit,
  ButtonClickInit,
  MessageRef,
  ModalSubmitInit,
  SelectMenuInit,
  SlashCommandInit,
} from './interactions/interaction-factory.js';
export type { InteractionOrigin, UserRef } from './interactions/envelope.js';
export type { RecordedCall, CallPredicate } from './rest/call-log.js';
export type { FailureSpec, CallSummary } from './rest/fault-injector.js';
export type { MemberInit, UserInit } from './world/world.js';

// For assertions
export { Permission } from './world/permissions.js';
export { MessageFlag } from './world/messages.js';
export { CallbackType, InteractionType } from './interactions/interaction-store.js';
export { DISCORD_LOCALES } from './validate/locales.js';
export type { ApiChannel, ApiCommand, ApiMember, ApiMessage, ApiRole, ApiUser, Json, JsonObject } from './world/api-types.js';
