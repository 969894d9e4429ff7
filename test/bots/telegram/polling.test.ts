/** The adapter as `npm start` runs it in long-polling mode, over HTTP against the fake Telegram. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src';
import { startTelegram, type TelegramAdapter } from '../../../bots/telegram/start';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { Member, signViaDeepLink } from './driver';
import { makeApp, makeTestDir, type TestDir } from './helpers';

const alice = { id: 3001, first_name: 'Alice', language_code: 'en' };
const wing = { id: 3002, first_name: 'Wing', language_code: 'zh-hant' };
const group = { id: -1003000000001, type: 'supergroup' as const, title: 'HK Diaspora Bristol' };

let dir: TestDir;
let fake: FakeTelegram;
let app: App;
let adapter: TelegramAdapter;

beforeAll(() => {
  dir = makeTestDir('polling');
});
afterAll(() => dir.remove());

beforeEach(async () => {
  fake = await startFakeTelegram();
  app = await makeApp(dir, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
  adapter = await startTelegram(app);
});
afterEach(async () => {
  await adapter.stop();
  await app.close();
  await fake.close();
});

describe('long polling', () => {
  it('GIVEN start-up THEN polling mode, command menus in English and Cantonese, and /healthz answers', async () => {
    expect(adapter.mode).toBe('polling');
    expect(fake.commandsFor({ type: 'all_private_chats' }).find((c) => c.command === 'sign')?.description).toBe('Sign a petition');
    expect(fake.commandsFor({ type: 'all_private_chats' }, 'zh').find((c) => c.command === 'sign')?.description).toBe('簽聯署');
    expect(fake.commandsFor({ type: 'all_group_chats' }).map((c) => c.command)).toContain('petitions');
    const health = await fetch(`http://127.0.0.1:${adapter.http.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('GIVEN /start sign-<slug> in English THEN a complete signing, with a protected receipt', async () => {
    const member = new Member(fake, alice);
    const sent = await signViaDeepLink(member, 'bristol-guangzhou', ['Alice Chan', null, 'BS1 5TR']);
    const receipt = sent.at(-1)!;
    expect(receipt.params.protect_content).toBe(true);
    expect(fake.lastMessageTo(alice.id)?.text).toContain('Signed!');
    expect(await app.db.prisma.signature.count()).toBe(1);
  });

  it('GIVEN a zh-hant client THEN the same signing in Cantonese', async () => {
    const member = new Member(fake, wing);
    const sent = await signViaDeepLink(member, 'uk-sever-sister-cities', ['陳大文', 'wing@example.org', null]);
    expect(sent[0]!.params.text).toContain('切斷同中國嘅姊妹城市關係');
    expect(sent.at(-1)!.params.text).toContain('簽咗喇');
    expect(sent.at(-1)!.params.protect_content).toBe(true);
  });

  it('GIVEN a 429 with retry_after THEN the call is retried and the flow completes', async () => {
    const member = new Member(fake, alice);
    fake.failNext('sendMessage', { error_code: 429, parameters: { retry_after: 1 } });
    const started = Date.now();
    const first = await member.say('/start sign-bristol-guangzhou');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(first.params.text).toContain('Bristol');
    expect(fake.calls.some((c) => c.method === 'sendMessage' && c.httpStatus === 429)).toBe(true);
    await member.press('sg:ok:');
    expect((await member.nextMessage()).params.text).toContain('Bristol');
  });

  it('GIVEN /sign in a group THEN a deep link into the private chat, and nothing personal asked', async () => {
    const member = new Member(fake, alice, group.id);
    fake.userSends({ from: alice, chat: group, text: '/sign bristol-guangzhou' });
    const reply = await member.nextMessage();
    const button = (reply.params.reply_markup as { inline_keyboard: { url?: string }[][] }).inline_keyboard[0]![0]!;
    expect(button.url).toBe(`https://t.me/${fake.botUser.username}?start=sign-bristol-guangzhou`);
    expect(reply.params.text).not.toMatch(/name|email|postcode/i);
    // Group chatter never reaches the bot (privacy mode), and the bot never writes anything else there.
    fake.userSends({ from: alice, chat: group, text: 'Alice Chan' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.messagesTo(group.id)).toHaveLength(1);
  });

  it('GIVEN a stale button THEN the press gets a callback answer with text', async () => {
    const member = new Member(fake, alice);
    await member.say('/start sign-bristol-guangzhou');
    const stale = member.buttonMessage('sg:ok:');
    await member.say('/cancel');
    const update = fake.userPresses({ from: alice, message: stale.message, data: stale.data, force: true })!;
    const answer = await fake.waitForCall('answerCallbackQuery', (c) => c.params.callback_query_id === update.callback_query!.id);
    expect(answer.params.text).toBe('That button is no longer active.');
  });

  it('GIVEN a name with markup and data with & < > THEN Telegram accepts every message and nothing is unescaped', async () => {
    const member = new Member(fake, alice);
    await member.say('/start sign-tricky-data');
    expect(fake.lastMessageTo(alice.id)?.text).toContain('Cats & Dogs <b>not bold</b>');
    expect(fake.lastMessageTo(alice.id)?.text).toContain('Tom & Jerry <Council> "quoted"');
    await member.press('sg:ok:');
    await member.nextMessage();
    await member.press('sg:el:', ':y');
    await member.nextMessage();
    const refusal = await member.say('<b>x</b> & <script>');
    expect(refusal.params.text).toContain('without formatting');
    const bad = fake.calls.filter((c) => c.method === 'sendMessage' && c.httpStatus === 400);
    expect(bad).toEqual([]);
    for (const call of fake.calls) expect(String(call.params.text ?? '')).not.toMatch(/<script>|<b>x<\/b>/);
  });
});
