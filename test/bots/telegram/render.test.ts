/** RichText → Telegram HTML, splitting and keyboards, without a bot. */
import { describe, expect, it } from 'vitest';
import type { RichText } from '../../../src';
import { deepLinkUrl, escapeHtml, inlineKeyboard, noticeText, splitRich, toHtml } from '../../../bots/telegram/render';
import { parseTelegramHtml } from '../../fakes/telegram';

const BOT = 'petition_test_bot';

describe('toHtml', () => {
  it('GIVEN text with & < > and quotes THEN every one is escaped', () => {
    const html = toHtml([{ kind: 'text', text: '<b>x</b> & <script>"' }], BOT);
    expect(html).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;&quot;');
    expect(parseTelegramHtml(html).text).toBe('<b>x</b> & <script>"');
  });

  it('GIVEN styles, a link and a deep link THEN tags wrap escaped text and URLs are escaped attributes', () => {
    const text: RichText = [
      { kind: 'text', text: 'A&B', style: 'bold' },
      { kind: 'text', text: '<i>', style: 'italic' },
      { kind: 'text', text: 'x<y', style: 'code' },
      { kind: 'link', text: 'site', url: 'https://example.org/?a=1&b="2"' },
      { kind: 'deepLink', text: 'share', payload: 'sign-bristol-guangzhou' },
    ];
    const html = toHtml(text, BOT);
    expect(html).toBe(
      '<b>A&amp;B</b><i>&lt;i&gt;</i><code>x&lt;y</code><a href="https://example.org/?a=1&amp;b=&quot;2&quot;">site</a>' +
        `<a href="https://t.me/${BOT}?start=sign-bristol-guangzhou">share</a>`,
    );
    expect(() => parseTelegramHtml(html)).not.toThrow();
  });

  it('GIVEN an unsafe URL or a payload Telegram would not carry THEN only the text is shown', () => {
    expect(toHtml([{ kind: 'link', text: 'x', url: 'javascript:alert(1)' }], BOT)).toBe('x');
    expect(toHtml([{ kind: 'deepLink', text: 'y', payload: 'bad payload!' }], BOT)).toBe('y');
    expect(deepLinkUrl(BOT, 'a'.repeat(65))).toBeNull();
    expect(deepLinkUrl(BOT, 'twin-Bristol')).toBe(`https://t.me/${BOT}?start=twin-Bristol`);
  });

  it('GIVEN escapeHtml on already-escaped text THEN it escapes again (no double meaning)', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('splitRich', () => {
  it('GIVEN text within the limit THEN one piece', () => {
    expect(splitRich([{ kind: 'text', text: 'hello' }])).toHaveLength(1);
  });

  it('GIVEN long text THEN pieces stay within the limit, cut at line breaks, and lose no characters', () => {
    const line = 'x'.repeat(99);
    const text: RichText = [{ kind: 'text', text: 'Title', style: 'bold' }, { kind: 'text', text: `\n${Array(100).fill(line).join('\n')}` }];
    const pieces = splitRich(text, 1000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(1000);
    const joined = pieces.map((p) => p.map((s) => s.text).join('')).join('');
    expect(joined.replace(/\n/g, '')).toBe(text.map((s) => s.text).join('').replace(/\n/g, ''));
    expect(pieces[0]![0]).toEqual({ kind: 'text', text: 'Title', style: 'bold' });
  });

  it('GIVEN one unbroken run of emoji longer than the limit THEN no surrogate pair is cut', () => {
    const pieces = splitRich([{ kind: 'text', text: '😀'.repeat(30) }], 7);
    for (const piece of pieces) expect(piece.map((s) => s.text).join('')).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    expect(pieces.map((p) => p.map((s) => s.text).join('')).join('')).toBe('😀'.repeat(30));
  });
});

describe('inlineKeyboard', () => {
  it('GIVEN action, url and deepLink buttons THEN callback (with style) and URL buttons; labels are left as they are', () => {
    const keyboard = inlineKeyboard(
      [
        [{ kind: 'action', label: '<b>Sign</b> & go', data: 'sg:ok:abc', style: 'primary' }, { kind: 'action', label: 'No', data: 'n' }],
        [{ kind: 'url', label: 'Site', url: 'https://example.org' }, { kind: 'deepLink', label: 'Open', payload: 'sign-x' }],
      ],
      BOT,
    );
    expect(keyboard).toEqual({
      inline_keyboard: [
        [{ text: '<b>Sign</b> & go', callback_data: 'sg:ok:abc', style: 'primary' }, { text: 'No', callback_data: 'n' }],
        [{ text: 'Site', url: 'https://example.org' }, { text: 'Open', url: `https://t.me/${BOT}?start=sign-x` }],
      ],
    });
  });

  it('GIVEN callback data over 64 bytes or an unsafe URL THEN those buttons are dropped, and empty rows too', () => {
    expect(
      inlineKeyboard([[{ kind: 'action', label: 'x', data: '字'.repeat(22) }], [{ kind: 'url', label: 'y', url: 'ftp://x' }]], BOT),
    ).toBeUndefined();
  });

  it('GIVEN a notice over 200 characters THEN it is shortened for answerCallbackQuery', () => {
    expect(noticeText('a'.repeat(300))).toHaveLength(200);
  });
});
