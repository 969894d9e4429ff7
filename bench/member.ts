/** A simulated member signing bristol-guangzhou: who they are, and what they do next given the bot's last message. */
import type { PersonInput } from '../test/fakes/telegram';
import type { BotMessage } from './calls';

export const PETITION_SLUG = 'bristol-guangzhou';
export const START_TEXT = `/start sign-${PETITION_SLUG}`;

export interface Person extends PersonInput {
  /** What the member types when asked for their name and postcode. */
  name: string;
  postcode: string;
}

const FAMILY = ['Chan', 'Wong', 'Lee', 'Cheung', 'Lau', 'Ho', 'Ng', 'Leung', 'Tsang', 'Yip'];
const GIVEN = ['Tai Man', 'Siu Ming', 'Ka Yan', 'Wing Sze', 'Chi Keung', 'Mei Ling', 'Hoi Yan', 'Kwok Wai'];
const POSTCODES = ['BS1 5TR', 'BS2 0JA', 'BS3 4AQ', 'BS5 6XX', 'BS8 1TH', 'BS16 1QY'];

/** Member number n of a run; Telegram user ids (and private chat ids) start at `base`. */
export function person(n: number, base: number): Person {
  return {
    id: base + n,
    first_name: FAMILY[n % FAMILY.length]!,
    language_code: 'en',
    name: `${FAMILY[n % FAMILY.length]} ${GIVEN[Math.floor(n / FAMILY.length) % GIVEN.length]}`,
    postcode: POSTCODES[n % POSTCODES.length]!,
  };
}

export type Step =
  | { kind: 'say'; text: string }
  | { kind: 'press'; messageId: number; data: string; confirms: boolean }
  | { kind: 'done'; outcome: 'receipt' | 'already-signed' }
  | { kind: 'stuck'; reason: string };

/**
 * The receipt: a protected message (protect_content) that no longer offers any step of the signing
 * flow. (The review is protected too, because it shows the member's details, but it has Confirm.)
 */
export function isReceipt(message: BotMessage): boolean {
  return message.protect && !message.buttons.some((data) => data.startsWith('sg:'));
}

/**
 * What a member does after reading the bot's latest message, going only by what the message shows:
 * its buttons (their callback_data, as Telegram gives them to the client) and, for the two typed
 * answers, the question. Email is optional: members tap Skip.
 */
export function nextStep(message: BotMessage | undefined, member: Person): Step {
  if (!message) return { kind: 'stuck', reason: 'no message from the bot' };
  const press = (data: string, confirms = false): Step => ({ kind: 'press', messageId: message.messageId, data, confirms });
  const button = (prefix: string, suffix = ''): string | undefined =>
    message.buttons.find((data) => data.startsWith(prefix) && data.endsWith(suffix));
  if (button('wd:pick:')) return { kind: 'done', outcome: 'already-signed' };
  const next =
    (button('sg:ok:') && press(button('sg:ok:')!)) ||
    (button('sg:el:', ':y') && press(button('sg:el:', ':y')!)) ||
    (button('sg:cf:') && press(button('sg:cf:')!, true)) ||
    (button('sg:skip:') && press(button('sg:skip:')!));
  if (next) return next;
  if (isReceipt(message)) return { kind: 'done', outcome: 'receipt' };
  if (/postcode/i.test(message.text)) return { kind: 'say', text: member.postcode };
  if (/full name/i.test(message.text)) return { kind: 'say', text: member.name };
  return { kind: 'stuck', reason: `unexpected message: ${JSON.stringify(message.text.slice(0, 80))}` };
}
