/** The fake Telegram Bot API for tests: the only module tests import from this folder. */

// Commonly used
export { startFakeTelegram, FakeTelegram, type FakeTelegramOptions, type ErrorToInject } from './fake-telegram';
export { FakeBot, type BlockOptions } from './fake-bot';
export type { ChatInput } from './chat-store';
export type { Stats } from './dispatcher';
export type { RecordedCall, TelegramResponse, CallPredicate } from './call-log';
export type {
  UserSendsInput,
  UserPressesInput,
  MyChatMemberInput,
  ChannelPostInput,
  PersonInput,
  ChatRef,
} from './update-builders';
export type { CallbackAnswer, CommandList } from './bot-state';
export type { RateLimits } from './rate-limiter';
export { TELEGRAM_LIMITS } from './rate-limiter';

// For expert use: Telegram's HTML parse mode on its own
export { parseTelegramHtml, HtmlRefusal, type ParsedText } from './html-parser';
export type { TelegramError } from './api-error';
export type { IncomingCall } from './failures';
