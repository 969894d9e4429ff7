/** Proves the fake Telegram Bot API behaves like Telegram for the real grammY bot, over real HTTP. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from './telegram';

const alice = { id: 1001, first_name: 'Alice', language_code: 'en' };
const bob = { id: 1002, first_name: 'Bob' };
const group = { id: -1_001_234_567_890, type: 'supergroup' as const, title: 'HK Diaspora Leeds' };

let fake: FakeTelegram;

beforeEach(async () => {
  fake = await startFakeTelegram();
});

afterEach(async () => {
  await fake.close();
});

function grammyBot(): Bot {
  return new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
}

/** A raw Bot API call, to see status codes and bodies exactly as sent. */
async function raw(method: string, params: Record<string, unknown> = {}, token = fake.token) {
  const response = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function refusal(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

describe('long polling with the real grammY bot', () => {
  it('GIVEN a pushed /start THEN bot.start() receives it and the reply is recorded', async () => {
    const bot = grammyBot();
    const keyboard = new InlineKeyboard().text('Sign', 'sign');
    bot.command('start', (ctx) => ctx.reply('Welcome <b>Alice</b>', { parse_mode: 'HTML', reply_markup: keyboard }));
    void bot.start();

    const update = fake.userSends({ from: alice, text: '/start' });
    const call = await fake.waitForCall('sendMessage').finally(() => bot.stop());

    expect(update?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(call.params).toMatchObject({ chat_id: alice.id, text: 'Welcome <b>Alice</b>' });
    expect(call.response).toMatchObject({
      ok: true,
      result: { text: 'Welcome Alice', from: { username: 'petition_test_bot' } },
    });
    const message = fake.lastMessageTo(alice.id);
    expect(message?.entities).toEqual([{ type: 'bold', offset: 8, length: 5 }]);
    expect(message?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Sign', callback_data: 'sign' }]] });
    const methods = fake.calls.map((recorded) => recorded.method);
    expect(methods).toEqual(expect.arrayContaining(['getMe', 'deleteWebhook', 'getUpdates']));
    expect(fake.pendingUpdates()).toEqual([]);
  });

  it('GIVEN a button press THEN the query is answered once and a second answer is refused', async () => {
    const bot = grammyBot();
    bot.callbackQuery('sign', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Signed!' });
      await ctx.editMessageText('Thank you for signing');
    });
    const keyboard = new InlineKeyboard().text('Sign', 'sign');
    const sent = await bot.api.sendMessage(alice.id, 'Sign the petition?', { reply_markup: keyboard });
    void bot.start();

    const update = fake.userPresses({ from: alice, message: sent, data: 'sign' });
    await fake.waitForCall('editMessageText').finally(() => bot.stop());

    expect(fake.callbackAnswers).toMatchObject([{ callback_query_id: update?.callback_query?.id, text: 'Signed!' }]);
    // editMessageText without reply_markup removes the keyboard, as Telegram does.
    expect(fake.messagesTo(alice.id)).toMatchObject([{ message_id: sent.message_id, text: 'Thank you for signing' }]);
    expect(fake.lastMessageTo(alice.id)?.reply_markup).toBeUndefined();
    const again = await refusal(bot.api.answerCallbackQuery(update?.callback_query?.id ?? ''));
    expect(again.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    expect(() => fake.userPresses({ from: alice, message: sent, data: 'sign' })).toThrow(/no button with data "sign"/);
  });

  it('GIVEN an empty queue THEN getUpdates waits for the timeout, and offset confirms earlier updates', async () => {
    const started = Date.now();
    const empty = await raw('getUpdates', { timeout: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(empty).toEqual({ status: 200, body: { ok: true, result: [] } });

    fake.userSends({ from: alice, text: 'one' });
    fake.userSends({ from: alice, text: 'two' });
    const first = await raw('getUpdates', { limit: 1 });
    const [one] = first.body.result as Update[];
    expect(one?.message?.text).toBe('one');
    const rest = await raw('getUpdates', { offset: (one?.update_id ?? 0) + 1 });
    expect((rest.body.result as Update[]).map((update) => update.message?.text)).toEqual(['two']);
  });

  it('GIVEN a waiting long poll WHEN another starts THEN the first ends with 409 and the second gets the update', async () => {
    const firstPoll = raw('getUpdates', { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const secondPoll = raw('getUpdates', { timeout: 5 });
    expect(await firstPoll).toEqual({
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      },
    });
    fake.userSends({ from: bob, text: 'hello' });
    expect(((await secondPoll).body.result as Update[])[0]?.message?.text).toBe('hello');
  });
});

describe('HTML parse mode', () => {
  it('GIVEN a stray "<" THEN Telegram refuses with 400, and the escaped text is accepted', async () => {
    const bot = grammyBot();
    const stray = await refusal(bot.api.sendMessage(alice.id, 'Goal: 5 < 10 signatures', { parse_mode: 'HTML' }));
    expect(stray.error_code).toBe(400);
    expect(stray.description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 8');
    expect(fake.messagesTo(alice.id)).toEqual([]);

    const escaped = 'Goal: 5 &lt; 10 <i>signatures</i> &amp; &#39;more&#39;';
    const sent = await bot.api.sendMessage(alice.id, escaped, { parse_mode: 'HTML' });
    expect(sent.text).toBe("Goal: 5 < 10 signatures & 'more'");
    expect(sent.entities).toEqual([{ type: 'italic', offset: 13, length: 10 }]);
  });

  it.each([
    ['<b>open', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ['<div>x</div>', 'Unsupported start tag "div" at byte offset 0'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ['香港 <br>', 'Unsupported start tag "br" at byte offset 7'],
  ])('GIVEN %j THEN the refusal names the fault like Telegram', async (text, reason) => {
    const result = await raw('sendMessage', { chat_id: alice.id, text, parse_mode: 'HTML' });
    const description = `Bad Request: can't parse entities: ${reason}`;
    expect(result).toEqual({ status: 400, body: { ok: false, error_code: 400, description } });
  });
});

describe('webhooks', () => {
  it('GIVEN setWebhook THEN updates are POSTed with the secret, retried after a failure, and getUpdates is 409', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; update: Update }> = [];
    let failuresLeft = 1;
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, update: JSON.parse(Buffer.concat(chunks).toString()) as Update });
        const wrongSecret = req.headers['x-telegram-bot-api-secret-token'] !== 's3cret';
        res.statusCode = wrongSecret ? 401 : failuresLeft-- > 0 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as { port: number };
    try {
      const bot = grammyBot();
      expect(await raw('setWebhook', { url: `http://127.0.0.1:${port}/telegram`, secret_token: 's3cret' })).toEqual({
        status: 200,
        body: { ok: true, result: true, description: 'Webhook was set' },
      });

      const pushed = fake.userSends({ from: alice, text: '/sign' });
      await expect.poll(() => received.length).toBe(2);
      expect(received[0]?.headers['x-telegram-bot-api-secret-token']).toBe('s3cret');
      expect(received.map((delivery) => delivery.update)).toEqual([pushed, pushed]);
      await expect.poll(() => fake.webhookInfo().pending_update_count).toBe(0);
      expect(fake.webhookInfo().last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');

      const conflict = await refusal(bot.api.getUpdates());
      expect(conflict.error_code).toBe(409);
      expect(conflict.description).toBe(
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
      expect(await fake.postToWebhook(pushed ?? {}, { secret: 'wrong' })).toBe(401);
      expect(await fake.postToWebhook(pushed ?? {})).toBe(200);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('webhooks with grammY on the receiving end', () => {
  it('GIVEN grammY\'s webhookCallback THEN updates reach the bot, which replies; a wrong secret is refused', async () => {
    const bot = grammyBot();
    bot.command('start', (ctx) => ctx.reply('Welcome via webhook'));
    const receiver = createServer(webhookCallback(bot, 'http', { secretToken: 's3cret' }));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as { port: number };
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${port}/`, { secret_token: 's3cret' });
      expect(await bot.api.getWebhookInfo()).toMatchObject({ url: `http://127.0.0.1:${port}/`, pending_update_count: 0 });

      const update = fake.userSends({ from: alice, text: '/start' });
      const reply = await fake.waitForCall('sendMessage');
      expect(reply.params).toMatchObject({ chat_id: alice.id, text: 'Welcome via webhook' });

      expect(await fake.postToWebhook(update ?? {}, { secret: 'guess' })).toBe(401);
      expect(await fake.postToWebhook(update ?? {}, { secret: null })).toBe(401);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('GIVEN a slow webhook THEN each chat gets its updates one at a time in order, and a method in the answer runs', async () => {
    const arrivals: string[] = [];
    const busy = new Set<number>();
    let overlapped = false;
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const update = JSON.parse(Buffer.concat(chunks).toString()) as Update;
        const chat = update.message?.chat.id ?? 0;
        if (busy.has(chat)) overlapped = true;
        busy.add(chat);
        arrivals.push(update.message?.text ?? '');
        setTimeout(() => {
          busy.delete(chat);
          res.setHeader('content-type', 'application/json');
          // A webhook may answer with one method call instead of calling the API.
          res.end(update.message?.text === 'a3' ? JSON.stringify({ method: 'sendMessage', chat_id: chat, text: 'got a3' }) : '');
        }, 30);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as { port: number };
    try {
      await raw('setWebhook', { url: `http://127.0.0.1:${port}/` });
      for (const text of ['a1', 'a2', 'a3']) fake.userSends({ from: alice, text });
      fake.userSends({ from: bob, text: 'b1' });

      const reply = await fake.waitForCall('sendMessage');
      expect(reply).toMatchObject({ via: 'webhook-reply', params: { chat_id: alice.id, text: 'got a3' } });
      expect(arrivals.filter((text) => text.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
      // Bob's chat has its own queue, so his update did not wait behind Alice's.
      expect(arrivals.indexOf('b1')).toBeLessThan(arrivals.indexOf('a2'));
      expect(overlapped).toBe(false);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('failures and limits', () => {
  it('GIVEN failNext 429 with retry_after 1 THEN @grammyjs/auto-retry waits and succeeds', async () => {
    const bot = grammyBot();
    bot.api.config.use(autoRetry());
    fake.failNext('sendMessage', { error_code: 429, parameters: { retry_after: 1 } });

    const started = Date.now();
    const sent = await bot.api.sendMessage(alice.id, 'Petition update');

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sent.text).toBe('Petition update');
    const attempts = fake.calls.filter((call) => call.method === 'sendMessage');
    expect(attempts.map((call) => call.httpStatus)).toEqual([429, 200]);
    expect(attempts[0]?.response).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    expect(fake.messagesTo(alice.id)).toHaveLength(1);
  });

  it('GIVEN enforced limits THEN sends beyond them get 429 and are not delivered, and sends within them succeed', async () => {
    fake.setLimits(true);
    fake.timeScale = 0.25; // a Telegram second lasts 250 ms, a minute 15 s
    const bot = grammyBot();

    await bot.api.sendMessage(alice.id, 'first');
    const tooSoon = await refusal(bot.api.sendMessage(alice.id, 'second'));
    expect(tooSoon.error_code).toBe(429);
    expect(tooSoon.parameters.retry_after).toBe(1);
    expect(fake.messagesTo(alice.id).map((message) => message.text)).toEqual(['first']);
    await new Promise((resolve) => setTimeout(resolve, 260));
    await bot.api.sendMessage(alice.id, 'later');

    fake.addChat(group);
    for (let i = 0; i < 20; i++) await bot.api.sendMessage(group.id, `news ${i}`);
    const twentyFirst = await refusal(bot.api.sendMessage(group.id, 'one too many'));
    // The real time left in the scaled minute, rounded up.
    expect(twentyFirst.parameters.retry_after).toBeGreaterThanOrEqual(14);
    expect(twentyFirst.parameters.retry_after).toBeLessThanOrEqual(15);
    expect(fake.messagesTo(group.id)).toHaveLength(20);
    expect(fake.stats.tooManyRequests).toBe(2);
  });

  it('GIVEN enforced limits THEN the 31st message within a second to distinct chats gets 429', async () => {
    fake.setLimits(true);
    const bot = grammyBot();
    const results = await Promise.allSettled(
      Array.from({ length: 31 }, (_, i) => bot.api.sendMessage(5000 + i, 'broadcast')),
    );
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as GrammyError] : []));
    expect(refused.map((error) => error.description)).toEqual(['Too Many Requests: retry after 1']);
    expect(fake.stats.tooManyRequests).toBe(1);
  });

  it('GIVEN a blocked user or a removed bot THEN sends get 403 with Telegram\'s wording', async () => {
    fake.addChat(group);
    fake.addChat({ id: -4_001, type: 'group', title: 'Old group' });
    fake.addChat({ id: -1_009_999, type: 'channel', title: 'Announcements' });
    fake.blockBot(alice.id);
    fake.blockBot(-4_001);
    fake.blockBot(-1_009_999);
    const descriptions = await Promise.all(
      [alice.id, -4_001, -1_009_999].map(async (chat_id) => (await raw('sendMessage', { chat_id, text: 'hi' })).body),
    );
    expect(descriptions).toEqual([
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the group chat' },
      { ok: false, error_code: 403, description: 'Forbidden: bot is not a member of the channel chat' },
    ]);

    // Writing again means Alice unblocked the bot, which Telegram announces first.
    fake.userSends({ from: alice, text: '/start' });
    expect(fake.pendingUpdates().map((update) => update.my_chat_member?.new_chat_member.status ?? update.message?.text)).toEqual([
      'member',
      '/start',
    ]);
    expect((await raw('sendMessage', { chat_id: alice.id, text: 'welcome back' })).status).toBe(200);
  });
});

describe('the rest of the surface', () => {
  it('answers unknown methods, bad tokens and bad requests with Telegram\'s codes', async () => {
    expect(await raw('sendCarrierPigeon')).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: 'Not Found' },
    });
    expect(await raw('getMe', {}, '999:nope')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    const empty = await raw('sendMessage', { chat_id: alice.id, text: '' });
    expect(empty.body.description).toBe('Bad Request: message text is empty');
    expect((await raw('sendMessage', { chat_id: -42, text: 'x' })).body.description).toBe('Bad Request: chat not found');
    expect((await raw('getMe')).body.result).toMatchObject({
      id: 123456,
      is_bot: true,
      username: 'petition_test_bot',
      first_name: 'Petition Bot',
    });
  });

  it('accepts GET query strings, urlencoded forms and multipart uploads', async () => {
    const getChat = `${fake.apiRoot}/bot${fake.token}/getChat?chat_id=${alice.id}`;
    expect((await fetch(getChat)).status).toBe(400); // Alice has not written yet: Telegram does not know the chat
    fake.addChat(alice.id);
    const known = (await (await fetch(getChat)).json()) as { result: unknown };
    expect(known.result).toMatchObject({ id: alice.id, type: 'private' });

    const keyboard = { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] };
    const form = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(alice.id), text: '007', reply_markup: JSON.stringify(keyboard) }),
    });
    expect(((await form.json()) as { result: unknown }).result).toMatchObject({ text: '007', reply_markup: keyboard });

    const photo = await grammyBot().api.sendPhoto(alice.id, new InputFile(Buffer.from('not really a png'), 'poster.png'), {
      caption: '<b>Rally</b> on Sunday',
      parse_mode: 'HTML',
    });
    expect(photo).toMatchObject({ caption: 'Rally on Sunday', caption_entities: [{ type: 'bold', offset: 0, length: 5 }] });
    expect(photo.photo?.at(-1)).toMatchObject({ file_size: 16 });
  });

  it('serves several bots, each with its own updates and identity', async () => {
    const other = fake.addBot({ token: '654321:OTHER-token', username: 'other_test_bot' });
    other.userSends({ from: alice, text: 'for the other bot' });
    const mine = await raw('getUpdates');
    const theirs = await raw('getUpdates', {}, other.token);
    expect(mine.body.result).toEqual([]);
    expect((theirs.body.result as Update[])[0]?.message?.text).toBe('for the other bot');
    expect((await raw('getMe', {}, other.token)).body.result).toMatchObject({ id: 654321, username: 'other_test_bot' });
  });

  it('builds my_chat_member and channel_post updates, and privacy mode hides group chatter from a non-admin bot', async () => {
    const channel = { id: -1_005_555, title: 'Petition News' };
    fake.myChatMember({ chat: { ...channel, type: 'channel' }, from: alice, status: 'administrator' });
    fake.channelPost({ chat: channel, text: 'New milestone' });
    fake.myChatMember({ chat: group, from: alice, status: 'member' });
    expect(fake.userSends({ from: bob, chat: group, text: 'just chatting' })).toBeUndefined();
    fake.userSends({ from: bob, chat: group, text: '/sign@petition_test_bot' });

    const updates = (await raw('getUpdates')).body.result as Update[];
    expect(updates.map((update) => Object.keys(update).filter((key) => key !== 'update_id')[0])).toEqual([
      'my_chat_member',
      'channel_post',
      'my_chat_member',
      'message',
    ]);
    expect(updates[0]?.my_chat_member).toMatchObject({
      old_chat_member: { status: 'left' },
      new_chat_member: { status: 'administrator', can_post_messages: true },
    });
    expect(updates[1]?.channel_post).toMatchObject({ sender_chat: { id: channel.id, type: 'channel' }, text: 'New milestone' });
    expect(updates[3]?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 23 }]);
    expect(new Set(updates.map((update) => update.update_id)).size).toBe(4);
  });

  it('validates inline keyboards like Telegram', async () => {
    const send = (button: Record<string, unknown>) =>
      raw('sendMessage', { chat_id: alice.id, text: 'x', reply_markup: { inline_keyboard: [[button]] } }).then(
        (result) => result.body.description,
      );
    expect(await send({ text: 'Sign', callback_data: 'x'.repeat(65) })).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(await send({ text: 'Site', url: 'ftp://example.com' })).toBe('Bad Request: BUTTON_URL_INVALID');
    expect(await send({ text: 'Plain' })).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expect(await send({ text: 'Site', url: 'https://example.org/petition' })).toBeUndefined();
  });

  it('edits, refusing unknown messages and edits that change nothing', async () => {
    const bot = grammyBot();
    const sent = await bot.api.sendMessage(alice.id, 'Count: 1', { reply_markup: new InlineKeyboard().text('+', 'inc') });
    const missing = await refusal(bot.api.editMessageText(alice.id, 999, 'x'));
    expect(missing.description).toBe('Bad Request: message to edit not found');
    const same = await refusal(
      bot.api.editMessageText(alice.id, sent.message_id, 'Count: 1', { reply_markup: new InlineKeyboard().text('+', 'inc') }),
    );
    expect(same.description).toMatch(/^Bad Request: message is not modified: /);
    const plus = new InlineKeyboard().text('+', 'inc');
    const edited = await bot.api.editMessageText(alice.id, sent.message_id, 'Count: 2', { reply_markup: plus });
    expect(edited).toMatchObject({ text: 'Count: 2', edit_date: expect.any(Number) });
    await bot.api.deleteMessage(alice.id, sent.message_id);
    expect(fake.messagesTo(alice.id)).toEqual([]);
  });

  it('stores commands per scope and language, refusing invalid names', async () => {
    const bot = grammyBot();
    await bot.api.setMyCommands([{ command: 'sign', description: 'Sign the petition' }]);
    await bot.api.setMyCommands([{ command: 'sign', description: '簽署聯署' }], {
      language_code: 'zh',
      scope: { type: 'all_private_chats' },
    });
    expect(fake.commandsFor()).toEqual([{ command: 'sign', description: 'Sign the petition' }]);
    expect(await bot.api.getMyCommands({ language_code: 'zh', scope: { type: 'all_private_chats' } })).toEqual([
      { command: 'sign', description: '簽署聯署' },
    ]);
    expect(await bot.api.getMyCommands({ language_code: 'zh' })).toEqual([]);
    const invalid = await refusal(bot.api.setMyCommands([{ command: 'Sign-Now', description: 'x' }]));
    expect(invalid.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    const empty = await refusal(bot.api.setMyCommands([{ command: 'sign', description: ' ' }]));
    expect(empty.description).toBe('Bad Request: command description must be non-empty');
  });

  it('reports chat members: the bot as an admin in groups, configured users, unknown users refused', async () => {
    const bot = grammyBot();
    fake.userSends({ from: alice, chat: group, text: 'hello all' });
    expect(await bot.api.getChatMember(group.id, 123456)).toMatchObject({ status: 'administrator', can_post_messages: true });
    expect(await bot.api.getChatMember(group.id, alice.id)).toMatchObject({ status: 'member', user: { id: alice.id } });
    fake.setChatMember(group.id, bob.id, 'creator');
    expect(await bot.api.getChatMember(group.id, bob.id)).toMatchObject({ status: 'creator' });
    const unknown = await refusal(bot.api.getChatMember(group.id, 777));
    expect(unknown.description).toBe('Bad Request: user not found');
  });
});

describe('closing', () => {
  it('GIVEN a hanging long poll THEN close() ends it at once', async () => {
    const poll = raw('getUpdates', { timeout: 30 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await poll).toBeInstanceOf(Error);
  });

  it('GIVEN a process that used the fake THEN it exits by itself after close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-telegram-'));
    const script = join(dir, 'uses-fake.mts');
    const entry = fileURLToPath(new URL('./telegram/index.ts', import.meta.url));
    const project = fileURLToPath(new URL('../../package.json', import.meta.url));
    // The script lives outside the project, so it loads grammY through the project's own resolution.
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
       import { startFakeTelegram } from ${JSON.stringify(entry)};
       const { Bot } = createRequire(${JSON.stringify(project)})('grammy');
       const fake = await startFakeTelegram({ enforceLimits: true });
       const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
       await bot.api.getMe();
       await bot.api.setWebhook('http://127.0.0.1:9/unreachable');
       fake.userSends({ from: { id: 1, first_name: 'A' }, text: 'queued for a dead webhook' });
       await bot.api.deleteWebhook();
       const poll = bot.api.getUpdates({ offset: 99, timeout: 30 }).catch(() => 'ended');
       await new Promise((resolve) => setTimeout(resolve, 50));
       await fake.close();
       console.log(await poll);`,
    );
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd() });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve(-1);
      }, 8000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    rmSync(dir, { recursive: true, force: true });
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'ended' });
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
