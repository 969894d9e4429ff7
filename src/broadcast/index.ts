/** Public entry of campaign updates (subscriptions, outbox, worker); the adapters reach it through src/index.ts. */

// Commonly used stuff: what an adapter implements and starts.
export type {
  BroadcastTransport,
  SendRequest,
  SendOutcome,
  ProgressRequest,
  DeliveryTarget,
  BroadcastMessage,
  BroadcastProgress,
  Audience,
  UpdateLang,
  BroadcastStatus,
  DeliveryStatus,
} from './types';
export { AUDIENCES } from './types';
export { TELEGRAM_POLICY, DISCORD_POLICY, scalePolicy, spacingMs, type RatePolicy, type RateRule } from './policy';
export { createBroadcasts, configuredPlatforms, type Broadcasts, type WorkerSettings } from './service';
export { BroadcastWorker, type BroadcastWorkerOptions } from './worker';
export type { ChatRef } from './subscriptions';

// Internal stuff for tools, tests and expert users.
export { systemClock, acceleratedClock, type Clock } from './clock';
export { Pacer } from './pacer';
export { DeliveryQueue, DEFAULT_QUEUE_OPTIONS, safeReason, type ClaimedDelivery, type QueueOptions } from './queue';
export { SenderLease, SENDER_LEASE } from './sender-lease';
export { renderBroadcast, renderProgress, broadcastLength, MAX_BROADCAST_CHARS, type BroadcastContent } from './render';
export {
  queueBroadcast,
  cancelBroadcast,
  progressOf,
  resolveTargets,
  summarise,
  checkDraft,
  draftContent,
  loadContent,
  type BroadcastDraft,
  type BroadcastAuthor,
  type AudienceSummary,
  type CancelResult,
  type DraftProblem,
  type PlannedTarget,
} from './outbox';
export { subscribe, switchOff, switchOffGuild, moveChat, listSubscriptions, findSubscription, channelKey } from './subscriptions';
export { rememberAddress, dropAddress, eraseMemberBroadcastData, memberKey } from './addresses';
export { campaignAdmins, isCampaignAdmin, auditActor, type CampaignAdmins } from './admins';
