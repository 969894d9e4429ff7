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
} from './engine/types';
export type { RichText, Span } from './text/rich';
export { toPlain, isSafeUrl } from './text/rich';
export { START_PAYLOAD, type Engine } from './engine/engine';
export { detectLanguage, LANGS, type Translator } from './i18n/translator';
export { createLogger, silentLogger, type Logger } from './log';
export { createHttpServer, type HttpServer, type HttpServerOptions, type HttpHandler, type HttpRequest, type HttpResponse } from './http/server';
export { databaseReachable } from './http/health';

// Internal stuff for features and expert users
export type { Feature, CommandHandler } from './engine/feature';
export type { Ctx, Services } from './engine/context';
export { openDatabase, type Database, type Db } from './db/client';
export { migrate } from './db/migrate';
