/**
 * The public entry of src/ for the adapters in bots/ and for tools. Nothing else under src/ is
 * imported from outside it.
 */

// Commonly used stuff
export { loadConfig, ConfigError, type Config } from './config';
export { createApp, type App, type AppOptions } from './app';
export type {
  InboundEvent,
  EventInput,
  Actor,
  ChatKind,
  Reply,
  Button,
  FormField,
  EngineResult,
  CommandSpec,
  Platform,
  Lang,
  BotRight,
} from './engine/types';
export type { RichText, Span } from './text/rich';
export { toPlain, isSafeUrl } from './text/rich';
export { START_PAYLOAD, type Engine } from './engine/engine';
export { detectLanguage, LANGS, type Translator } from './i18n/translator';
export { createLogger, silentLogger, type Logger } from './log';
export { createHttpServer, type HttpServer, type HttpServerOptions, type HttpHandler, type HttpRequest, type HttpResponse } from './http/server';
export { databaseReachable } from './http/health';

// Campaign updates: bots/ implements a BroadcastTransport per platform and starts the worker
// with app.broadcasts.startWorker([...]); it reports lost chats through app.broadcasts too.
export type {
  Broadcasts,
  BroadcastTransport,
  SendRequest,
  SendOutcome,
  ProgressRequest,
  DeliveryTarget,
  BroadcastMessage,
  BroadcastProgress,
  RatePolicy,
  RateRule,
  WorkerSettings,
  ChatRef,
  UpdateLang,
  Audience,
  Clock,
} from './broadcast';
export { TELEGRAM_POLICY, DISCORD_POLICY, scalePolicy, BroadcastWorker, MAX_BROADCAST_CHARS, systemClock, acceleratedClock } from './broadcast';

// Internal stuff for features and expert users
export type { Feature, CommandHandler } from './engine/feature';
export type { Ctx, Services } from './engine/context';
export { openDatabase, type Database, type Db } from './db/client';
export { migrate } from './db/migrate';
