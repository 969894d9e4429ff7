/** The adapter as `npm start` runs it with TELEGRAM_WEBHOOK_URL set, over HTTP against the fake Telegram. */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import type { App } from '../../../src';
import { startTelegram, type TelegramAdapter } from '../../../bots/telegram/start';
import { webhookSecretFile } from '../../../bots/telegram/secret';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { Member, signViaDeepLink } from './driver';
import { freePort, makeApp, makeTestDir, type TestDir } from './helpers';

const alice = { id: 4001, first_name: 'Alice', language_code: 'en' };
const wing = { id: 4002, first_name: 'Wing', language_code: 'zh-hant' };
const group = { id: -1004000000001, type: 'supergroup' as const, title: 'HK Diaspora Manchester' };

let dir: TestDir;
let fake: FakeTelegram;
let app: App;
let adapter: TelegramAdapter;
let url: string;

beforeAll(() => {
  dir = makeTestDir('webhook');
});
afterAll(() => dir.remove());

beforeEach(async () => {
  fake = await startFakeTelegram();
  const port = await freePort();
  url = `http://127.0.0.1:${port}/telegram/webhook`;
  app = await makeApp(dir, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_URL: url, PORT: String(port) });
  adapter = await startTelegram(app);
});
afterEach(async () => {
  await adapter.stop();
  await app.close();
  await fake.close();
});

describe('webhook mode', () => {
  it('GIVEN no TELEGRAM_WEBHOOK_SECRET THEN one is generated, kept in the data folder (0600) and given to setWebhook', async () => {
    expect(adapter.mode).toBe('webhook');
    const file = webhookSecretFile(app.config);
    const secret = fs.readFileSync(file, 'utf8').trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const set = await fake.waitForCall('setWebhook');
    expect(set.params).toMatchObject({ url, secret_token: secret });
    expect(fake.webhookInfo().url).toBe(url);
    expect((await fetch(`http://127.0.0.1:${adapter.http.port}/healthz`)).status).toBe(200);
  });

  it('GIVEN /start sign-<slug> in English THEN a complete signing over the webhook', async () => {
    const sent = await signViaDeepLink(new Member(fake, alice), 'bristol-guangzhou', ['Alice Chan', 'alice@example.org', 'BS1 5TR']);
    expect(sent.at(-1)!.params.text).toContain('Signed!');
    expect(sent.at(-1)!.params.protect_content).toBe(true);
  });

  it('GIVEN the /language button THEN the signing continues in Cantonese', async () => {
    const member = new Member(fake, { ...wing, language_code: 'en' });
    await member.say('/language');
    await member.press('lang:', 'yue');
    await fake.waitForCall('editMessageText', (c) => c.params.chat_id === wing.id);
    const sent = await signViaDeepLink(member, 'bristol-guangzhou', ['陳永', null, 'BS1 5TR']);
    expect(sent[0]!.params.text).toContain('終止布里斯托同廣州嘅姊妹城市協議');
    expect(sent.at(-1)!.params.text).toContain('簽咗喇');
  });

  it('GIVEN a wrong or missing secret THEN 401 and the update is not processed', async () => {
    const update = { message: { message_id: 1, date: 1, chat: { id: alice.id, type: 'private', first_name: 'Alice' }, from: { ...alice, is_bot: false }, text: '/help' } } as Partial<Update>;
    expect(await fake.postToWebhook(update, { secret: 'wrong-secret' })).toBe(401);
    expect(await fake.postToWebhook(update, { secret: null })).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fake.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(0);
    expect(await app.db.prisma.processedUpdate.count()).toBe(0);
  });

  it('GIVEN the same update delivered twice THEN it is handled once: one signature, one reply', async () => {
    const member = new Member(fake, alice);
    await member.say('/start sign-uk-sever-sister-cities');
    await member.press('sg:ok:');
    await member.nextMessage();
    await member.press('sg:el:', ':y');
    await member.nextMessage();
    await member.say('Alice Chan');
    await member.say('alice@example.org');
    await member.press('sg:skip:');
    await member.nextMessage();
    const { update } = await member.press('sg:cf:');
    await member.nextMessage();
    // Telegram resends an update whose delivery it thinks failed; the bot must recognise it.
    expect(await fake.postToWebhook(update)).toBe(200);
    expect(await app.db.prisma.signature.count()).toBe(1);
    // Recognised by its update id (a silent answer), not merely by the spent Confirm button ("Already done").
    const answers = fake.calls.filter((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === update.callback_query!.id);
    expect(answers).toHaveLength(2);
    expect(answers[1]!.params.text).toBeUndefined();
    const receipts = fake.calls.filter((c) => c.method === 'sendMessage' && c.params.protect_content === true && String(c.params.text).includes('Signed!'));
    expect(receipts).toHaveLength(1);
  });

  it('GIVEN a 429 with retry_after THEN the reply is retried and arrives', async () => {
    fake.failNext('sendMessage', { error_code: 429, parameters: { retry_after: 1 } });
    const reply = await new Member(fake, alice).say('/petitions');
    expect(reply.params.text).toContain('Open petitions');
    expect(fake.stats.tooManyRequests).toBe(1);
  });

  it('GIVEN /sign in a group THEN a deep link, no question', async () => {
    fake.userSends({ from: alice, chat: group, text: '/sign@petition_test_bot' });
    const reply = await new Member(fake, alice, group.id).nextMessage();
    const urls = (reply.params.reply_markup as { inline_keyboard: { url?: string }[][] }).inline_keyboard.flat().map((b) => b.url);
    expect(urls.every((u) => u?.startsWith('https://t.me/petition_test_bot?start=sign-'))).toBe(true);
    expect(reply.params.text).not.toMatch(/name|email|postcode/i);
  });
});
