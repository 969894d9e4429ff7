/** Drives a member through the bot over the fake Telegram: type, press, wait for what the bot sends. */
import type { Message, Update } from 'grammy/types';
import type { FakeTelegram, PersonInput, RecordedCall } from '../../fakes/telegram';

export class Member {
  constructor(
    readonly fake: FakeTelegram,
    readonly person: PersonInput,
    readonly chatId: number = person.id,
  ) {}

  /** The next message the bot sent this chat successfully (each is returned once). */
  nextMessage(timeoutMs = 10_000): Promise<RecordedCall> {
    return this.fake.waitForCall('sendMessage', (c) => c.params.chat_id === this.chatId && c.response?.ok === true, timeoutMs);
  }

  /** Types a message and returns what the bot sends back first. */
  async say(text: string): Promise<RecordedCall> {
    this.fake.userSends({ from: this.person, text, ...(this.chatId !== this.person.id ? { chat: { id: this.chatId } } : {}) });
    return this.nextMessage();
  }

  /** The bot's latest message in this chat with a button whose data starts with prefix and ends with suffix. */
  buttonMessage(prefix: string, suffix = ''): { message: Message; data: string } {
    for (const message of this.fake.messagesTo(this.chatId).reverse()) {
      for (const button of message.reply_markup?.inline_keyboard.flat() ?? []) {
        if ('callback_data' in button && button.callback_data.startsWith(prefix) && button.callback_data.endsWith(suffix)) {
          return { message, data: button.callback_data };
        }
      }
    }
    throw new Error(`no button ${prefix}…${suffix} in chat ${this.chatId}; ${this.fake.describeCalls()}`);
  }

  /** Presses a button and waits for the bot's answer to the press (every press gets exactly one). */
  async press(prefix: string, suffix = ''): Promise<{ update: Update; answer: RecordedCall }> {
    const { message, data } = this.buttonMessage(prefix, suffix);
    const update = this.fake.userPresses({ from: this.person, message, data })!;
    const answer = await this.fake.waitForCall('answerCallbackQuery', (c) => c.params.callback_query_id === update.callback_query!.id && c.response?.ok === true, 10_000);
    return { update, answer };
  }
}

/**
 * Signs through the deep link. answers are the petition's fields in order; null taps Skip.
 * Returns every message the bot sent, the last being the receipt.
 */
export async function signViaDeepLink(member: Member, slug: string, answers: (string | null)[]): Promise<RecordedCall[]> {
  const seen: RecordedCall[] = [await member.say(`/start sign-${slug}`)];
  await member.press('sg:ok:');
  seen.push(await member.nextMessage());
  await member.press('sg:el:', ':y');
  seen.push(await member.nextMessage());
  for (const answer of answers) {
    if (answer === null) {
      await member.press('sg:skip:');
      seen.push(await member.nextMessage());
    } else {
      seen.push(await member.say(answer));
    }
  }
  await member.press('sg:cf:');
  seen.push(await member.nextMessage());
  return seen;
}
