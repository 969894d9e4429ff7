/**
 * The framework ceiling: a bare grammY bot on a plain node:http webhook that walks members through
 * the same signing conversation with the same API calls as the real adapter (same methods, buttons,
 * similar texts), but with no engine, no database, no i18n. Run as a child by bench/load.ts:
 *   tsx bench/bare-bot.ts '{"token":…,"apiRoot":…,"port":…,"url":…,"secret":…}'
 */
import http from 'node:http';
import { Bot, InlineKeyboard, webhookCallback, type Context } from 'grammy';

interface BareConfig {
  token: string;
  apiRoot: string;
  port: number;
  url: string;
  secret: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BareConfig;
const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot } });

const TITLE = 'Terminate the sister city deal between Bristol and Guangzhou';
const SUMMARY =
  'Bristol has been twinned with Guangzhou since 2001. We ask Bristol City Council to end the sister city agreement while the ' +
  'Chinese government persecutes Hong Kongers, Uyghurs and Tibetans, and pursues activists living in the UK.';
const noPreview = { is_disabled: true };

/** What each member is expected to type next; the only state, in memory. */
const typing = new Map<number, 'name' | 'postcode'>();
let signatures = 0;
let nonces = 0;

function bar(count: number): string {
  const filled = Math.round((count / 2000) * 10);
  return `${'▓'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

async function send(ctx: Context, html: string, keyboard?: InlineKeyboard, protect = false): Promise<void> {
  await ctx.reply(html, { parse_mode: 'HTML', link_preview_options: noPreview, reply_markup: keyboard, ...(protect ? { protect_content: true } : {}) });
}

bot.command('start', async (ctx) => {
  const n = (++nonces).toString(36);
  const keyboard = new InlineKeyboard().text('✍️ Sign this petition', `sg:ok:${n}`).row().text('📄 Full text', `sg:full:${n}`).text('Cancel', `sg:x:${n}`);
  await send(ctx, `<b>${TITLE}</b>\n${SUMMARY}\n\n${signatures} signatures of 2000 ${bar(signatures)}\nTo: Bristol City Council`, keyboard);
});

bot.callbackQuery(/^sg:ok:(\w+)$/, async (ctx) => {
  const n = ctx.match[1]!;
  await ctx.answerCallbackQuery();
  const keyboard = new InlineKeyboard().text("✅ Yes, that's me", `sg:el:${n}:y`).text('No', `sg:el:${n}:n`);
  await send(ctx, 'Before you sign, please confirm:\n<b>I live, work or study in Bristol.</b>', keyboard);
});

bot.callbackQuery(/^sg:el:(\w+):y$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  typing.set(ctx.chat!.id, 'name');
  await send(ctx, 'What is your <b>full name</b>? (It goes to the recipient with your signature.)', new InlineKeyboard().text('Cancel', `sg:x:${ctx.match[1]}`));
});

bot.callbackQuery(/^sg:skip:(\w+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  typing.set(ctx.chat!.id, 'postcode');
  await send(ctx, 'What is your <b>postcode</b>? (It shows the council you live, work or study in the area.)', new InlineKeyboard().text('Cancel', `sg:x:${ctx.match[1]}`));
});

bot.on('message:text', async (ctx) => {
  const step = typing.get(ctx.chat.id);
  typing.delete(ctx.chat.id);
  const n = (++nonces).toString(36);
  if (step === 'name') {
    const keyboard = new InlineKeyboard().text('Skip', `sg:skip:${n}`).row().text('Cancel', `sg:x:${n}`);
    await send(ctx, "What is your <b>email address</b>? This is optional: tap Skip if you'd rather not.", keyboard);
  } else if (step === 'postcode') {
    const keyboard = new InlineKeyboard()
      .text('✅ Confirm and sign', `sg:cf:${n}`).row()
      .text('✏️ Name', `sg:ed:${n}:name`).text('✏️ Email', `sg:ed:${n}:email`).text('✏️ Postcode', `sg:ed:${n}:postcode`).row()
      .text('Cancel', `sg:x:${n}`);
    const text = `<b>Please check before you sign “${TITLE}”:</b>\n\nName: (as typed)\nEmail: (not given)\nPostcode: ${ctx.message.text}\n\nTap Confirm to sign, or correct a detail.`;
    // Protected like the real review, which shows the member's details.
    await send(ctx, text.replace('(as typed)', 'Chan Tai Man'), keyboard, true);
  } else {
    await send(ctx, "Sorry, I didn't understand that. Type /help to see what I can do.");
  }
});

bot.callbackQuery(/^sg:cf:(\w+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  const count = ++signatures;
  const keyboard = new InlineKeyboard().text('Yes please', 'upd:on').text('No thanks', 'upd:off');
  const share = `<a href="https://t.me/${ctx.me.username}?start=sign-bristol-guangzhou">share this link</a>`;
  const text =
    `✅ <b>Signed!</b> You signed “${TITLE}” on 1 January 2026. It now has ${count} signatures.\n\n${bar(count)}\n\n` +
    `Ask friends to sign too: ${share}\n\nWould you like campaign updates (council votes, rallies, new petitions)?`;
  await send(ctx, text, keyboard, true);
});

bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());

// Logged as the real bot logs (JSON, level 50), so the bench counts it as an error of the level.
bot.catch(({ error }) => {
  const e = error as { name?: string; description?: string; message?: string };
  process.stderr.write(`${JSON.stringify({ level: 50, msg: 'bare bot: update failed', error: { kind: e.name, description: e.description ?? e.message } })}\n`);
});

const path = new URL(config.url).pathname;
const handle = webhookCallback(bot, 'http', { secretToken: config.secret });
const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== path) {
    res.writeHead(404).end();
    return;
  }
  handle(req, res).catch((error: unknown) => {
    const e = error as { name?: string; message?: string };
    process.stderr.write(`${JSON.stringify({ level: 50, msg: 'bare bot: webhook failed', error: { kind: e.name, description: e.message } })}\n`);
    if (!res.headersSent) res.writeHead(500).end();
  });
});

await bot.init();
await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
await bot.api.setWebhook(config.url, { secret_token: config.secret, allowed_updates: ['message', 'callback_query'] });

process.on('SIGTERM', () => server.close(() => process.exit(0)));
