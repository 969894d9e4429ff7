/** The adapter end to end inside one process: real engine on SQLite, grammY's handleUpdate, API calls captured by a transformer. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bot } from 'grammy';
import type { App } from '../../../src';
import { buildBot } from '../../../bots/telegram/bot';
import { menus } from '../../../bots/telegram/commands';
import { botInfo, buttonData, capture, presses, sends, type Capture, type Person } from './capture';
import { makeApp, makeTestDir, type TestDir } from './helpers';

const alice: Person = { id: 2001, first_name: 'Alice', language_code: 'en' };
const wing: Person = { id: 2002, first_name: 'Wing', language_code: 'zh-hant' };
const group = { id: -1009876543210, type: 'supergroup' as const, title: 'HK Bristol' };

let dir: TestDir;
let app: App;
let bot: Bot;
let api: Capture;

beforeAll(() => {
  dir = makeTestDir('fast');
});
afterAll(() => dir.remove());

beforeEach(async () => {
  app = await makeApp(dir, { TELEGRAM_BOT_TOKEN: '123456:FAST-token' });
  api = capture();
  bot = buildBot(app, { botInfo, transformers: [api.transformer] });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

const lastSent = (): Capture['calls'][number] => api.of('sendMessage').at(-1)!;
const data = (prefix: string, suffix = ''): string => {
  const found = api.calls.flatMap((c) => buttonData(c)).reverse().find((d) => d.startsWith(prefix) && d.endsWith(suffix));
  if (!found) throw new Error(`no button ${prefix}… in ${JSON.stringify(api.calls.map((c) => c.method))}`);
  return found;
};
const messageWith = (prefix: string): number => api.calls.filter((c) => buttonData(c).some((d) => d.startsWith(prefix))).at(-1)!.messageId!;
const press = (who: Person, prefix: string, suffix = '') => bot.handleUpdate(presses(who, messageWith(prefix), data(prefix, suffix)));

describe('signing in a private chat', () => {
  it('GIVEN /start sign-<slug> THEN the whole flow signs once, and the receipt is protected', async () => {
    await bot.handleUpdate(sends(alice, '/start sign-bristol-guangzhou'));
    expect(lastSent().payload).toMatchObject({ chat_id: alice.id, parse_mode: 'HTML' });
    expect(lastSent().payload.text).toContain('<b>Terminate the sister city deal between Bristol and Guangzhou</b>');

    await press(alice, 'sg:ok:');
    expect(lastSent().payload.text).toContain('I live, work or study in Bristol.');
    await press(alice, 'sg:el:', ':y');
    expect(lastSent().payload.text).toContain('full name');
    await bot.handleUpdate(sends(alice, 'Alice Chan'));
    expect(lastSent().payload.text).toContain('email address');
    await press(alice, 'sg:skip:');
    expect(lastSent().payload.text).toContain('postcode');
    await bot.handleUpdate(sends(alice, 'bs1 5tr'));
    expect(lastSent().payload.text).toContain('Alice Chan');
    expect(lastSent().payload.text).toContain('BS1 5TR');

    const review = messageWith('sg:cf:');
    const confirm = data('sg:cf:');
    api.clear();
    await bot.handleUpdate(presses(alice, review, confirm));
    const receipt = lastSent();
    expect(receipt.payload.protect_content).toBe(true);
    expect(receipt.payload.text).toContain('Signed!');
    expect(receipt.payload.text).toContain(`https://t.me/${botInfo.username}?start=sign-bristol-guangzhou`);
    // The review loses its buttons so Confirm cannot be pressed again.
    expect(api.of('editMessageReplyMarkup')[0]?.payload).toMatchObject({ chat_id: alice.id, message_id: review });
    expect(api.of('answerCallbackQuery')).toHaveLength(1);
    expect(await app.db.prisma.signature.count()).toBe(1);
  });

  it('GIVEN a Cantonese client THEN the flow speaks written Cantonese', async () => {
    await bot.handleUpdate(sends(wing, '/start sign-uk-sever-sister-cities'));
    expect(lastSent().payload.text).toContain('切斷同中國嘅姊妹城市關係');
  });

  it('GIVEN a name with markup THEN validation refuses it and it never appears unescaped', async () => {
    await bot.handleUpdate(sends(alice, '/start sign-bristol-guangzhou'));
    await press(alice, 'sg:ok:');
    await press(alice, 'sg:el:', ':y');
    api.clear();
    await bot.handleUpdate(sends(alice, '<b>x</b> & <script>'));
    const texts = api.of('sendMessage').map((c) => c.payload.text as string);
    expect(texts.join('\n')).toContain('without formatting');
    for (const text of texts) {
      expect(text).not.toContain('<b>x</b>');
      expect(text).not.toContain('<script>');
    }
  });

  it('GIVEN petition data with & < > THEN it is escaped in the HTML', async () => {
    await bot.handleUpdate(sends(alice, '/start sign-tricky-data'));
    const text = lastSent().payload.text as string;
    expect(text).toContain('<b>Cats &amp; Dogs &lt;b&gt;not bold&lt;/b&gt;</b>');
    expect(text).toContain('A &lt; B &gt; C &amp; D');
    expect(text).toContain('Tom &amp; Jerry &lt;Council&gt; &quot;quoted&quot;');
    await press(alice, 'sg:full:');
    expect(lastSent().payload.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
  });
});

describe('buttons', () => {
  it('GIVEN a stale button THEN the callback is answered with a short notice, once', async () => {
    await bot.handleUpdate(sends(alice, '/start sign-bristol-guangzhou'));
    const stale = data('sg:ok:');
    const message = messageWith('sg:ok:');
    await bot.handleUpdate(sends(alice, '/cancel'));
    api.clear();
    await bot.handleUpdate(presses(alice, message, stale));
    expect(api.of('answerCallbackQuery')).toHaveLength(1);
    expect(api.of('answerCallbackQuery')[0]!.payload.text).toBe('That button is no longer active.');
    expect(api.of('sendMessage')).toHaveLength(0);
  });

  it('GIVEN unknown button data THEN a notice; GIVEN a press that edits THEN editMessageText on that message', async () => {
    await bot.handleUpdate(presses(alice, 5, 'nonsense:1'));
    expect(api.of('answerCallbackQuery')[0]!.payload.text).toBeTruthy();
    await bot.handleUpdate(sends(alice, '/language'));
    const message = messageWith('lang:');
    api.clear();
    await bot.handleUpdate(presses(wing, message, 'lang:yue', alice.id));
    expect(api.of('editMessageText')[0]?.payload).toMatchObject({ chat_id: alice.id, message_id: message, parse_mode: 'HTML' });
    expect(api.of('answerCallbackQuery')).toHaveLength(1);
  });

  it('GIVEN the edit fails THEN the reply is sent as a new message instead', async () => {
    await bot.handleUpdate(sends(alice, '/language'));
    const message = messageWith('lang:');
    api.clear();
    api.failNext('editMessageText', { error_code: 400, description: "Bad Request: message can't be edited" });
    await bot.handleUpdate(presses(alice, message, 'lang:en'));
    expect(api.of('sendMessage')).toHaveLength(1);
    expect(api.of('answerCallbackQuery')).toHaveLength(1);
  });

  it('GIVEN the same update twice THEN it is handled once, and the replayed press is still answered silently', async () => {
    await bot.handleUpdate(sends(alice, '/language'));
    const press1 = presses(alice, messageWith('lang:'), 'lang:en');
    api.clear();
    await bot.handleUpdate(press1);
    await bot.handleUpdate(press1);
    expect(api.of('editMessageText')).toHaveLength(1);
    const answers = api.of('answerCallbackQuery');
    expect(answers).toHaveLength(2);
    expect(answers[1]!.payload.text).toBeUndefined();
  });
});

describe('groups', () => {
  it('GIVEN /sign in a group THEN a deep-link button into the private chat, quoting the command, asking nothing', async () => {
    const update = sends(alice, '/sign@petition_test_bot bristol-guangzhou', group);
    await bot.handleUpdate(update);
    const sent = api.of('sendMessage');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      chat_id: group.id,
      reply_parameters: { message_id: update.message!.message_id, allow_sending_without_reply: true },
      reply_markup: { inline_keyboard: [[{ url: `https://t.me/${botInfo.username}?start=sign-bristol-guangzhou` }]] },
    });
    expect(sent[0]!.payload.text).not.toMatch(/name|email|postcode/i);
  });

  it('GIVEN /petitions in a group THEN every petition button is a deep link, none a callback', async () => {
    await bot.handleUpdate(sends(alice, '/petitions', group));
    const keyboard = lastSent().payload.reply_markup.inline_keyboard.flat() as { url?: string; callback_data?: string }[];
    expect(keyboard.length).toBeGreaterThanOrEqual(2);
    for (const b of keyboard) expect(b.url).toMatch(/^https:\/\/t\.me\/petition_test_bot\?start=sign-/);
  });

  it('GIVEN chatter or another bot\'s command in a group THEN no call at all', async () => {
    await bot.handleUpdate(sends(alice, 'hi everyone', group));
    await bot.handleUpdate(sends(alice, '/sign@other_bot', group));
    expect(api.calls).toHaveLength(0);
  });
});

describe('failures', () => {
  it('GIVEN the engine throws THEN the member gets the apology and the press is answered', async () => {
    vi.spyOn(app.engine, 'handle').mockRejectedValueOnce(new Error('boom'));
    await bot.handleUpdate(presses(alice, 5, 'lang:en'));
    expect(api.of('answerCallbackQuery')).toHaveLength(1);
    expect(lastSent().payload.text).toContain('Sorry, something went wrong');
  });

  it('GIVEN sending is refused (bot blocked) THEN handleUpdate still resolves and the next update works', async () => {
    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(bot.handleUpdate(sends(alice, '/help'))).resolves.toBeUndefined();
    await bot.handleUpdate(sends(alice, '/help'));
    expect(api.of('sendMessage')).toHaveLength(2);
  });
});

describe('command menus', () => {
  it('GIVEN the engine\'s commands THEN English default and Cantonese "zh" menus per chat type, with Latin names', () => {
    const all = menus(app);
    const privateEn = all.find((m) => m.scope.type === 'all_private_chats' && !m.language_code)!;
    const privateZh = all.find((m) => m.scope.type === 'all_private_chats' && m.language_code === 'zh')!;
    const groupEn = all.find((m) => m.scope.type === 'all_group_chats' && !m.language_code)!;
    expect(all.find((m) => m.scope.type === 'default' && !m.language_code)).toBeDefined();
    expect(privateEn.commands.find((c) => c.command === 'sign')?.description).toBe('Sign a petition');
    expect(privateZh.commands.find((c) => c.command === 'sign')?.description).toBe('簽聯署');
    expect(privateZh.commands.map((c) => c.command)).toEqual(privateEn.commands.map((c) => c.command));
    for (const m of all) for (const c of m.commands) expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
    expect(groupEn.commands.map((c) => c.command)).toContain('petitions');
    expect(groupEn.commands.map((c) => c.command)).not.toContain('language');
  });
});
