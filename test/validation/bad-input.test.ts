/** The bad-input corpus: every hostile or sloppy input is refused with the right message or stored cleaned. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEmail, validateName, validatePostcode } from '../../src/validation/fields';
import { createTestApp, type TestApp } from '../helpers/app';
import { Member } from '../helpers/member';

const nameCases: [string, string, string | null][] = [
  ['empty', '', 'validation:name.empty'],
  ['whitespace', '   \t  ', 'validation:name.empty'],
  ['10,000 characters', 'a'.repeat(10_000), 'validation:name.tooLong'],
  ['101 letters', 'a'.repeat(101), 'validation:name.tooLong'],
  ['one letter', 'A', 'validation:name.tooShort'],
  ['control characters', 'Chan\u0000Tai\u0007Man', null],
  ['right-to-left override', '\u202eChan Tai Man', null],
  ['zero-width joiners', 'Chan\u200b Tai\u200d Man', null],
  ['HTML', '<b>Chan</b>', 'validation:name.markup'],
  ['script tag', '<script>alert(1)</script>', 'validation:name.markup'],
  ['Markdown link', '[Chan](http://evil.example)', 'validation:name.url'],
  ['Markdown bold', '**Chan**', 'validation:name.markup'],
  ['URL', 'https://example.com', 'validation:name.url'],
  ['bare domain', 'visit evil.com now', 'validation:name.url'],
  ['emoji only', '😀😀😀', 'validation:name.characters'],
  ['SQL-looking', "Robert'); DROP TABLE Signature;--", 'validation:name.characters'],
  ['digits', 'Agent 007', 'validation:name.characters'],
];

describe('name validation', () => {
  it.each(nameCases)('GIVEN %s THEN the result is right', (_label, input, error) => {
    const r = validateName(input);
    if (error === null) expect(r.ok).toBe(true);
    else expect(r).toEqual({ ok: false, error });
  });

  it.each([
    ['陳大文', '陳大文'],
    ['  Chan   Tai\tMan ', 'Chan Tai Man'],
    ['José Ramírez-Núñez', 'José Ramírez-Núñez'],
    ["Seán O'Brien", "Seán O'Brien"],
    ['Zoë Smith-Jones', 'Zoë Smith-Jones'],
    ['\u202eChan Tai Man', 'Chan Tai Man'],
    ['Chan\u0000Tai\u0007Man', 'Chan Tai Man'],
    ['Dr. Li', 'Dr. Li'],
    ['李·小龍', '李·小龍'],
  ])('GIVEN %j THEN it is accepted as %j', (input, expected) => {
    expect(validateName(input)).toEqual({ ok: true, value: expected });
  });
});

describe('email and postcode validation', () => {
  it.each(['', 'not-an-email', 'a@b', '<a@b.com>', 'a@b.com; DROP TABLE x', `${'a'.repeat(250)}@example.com`])('GIVEN email %j THEN it is refused', (input) => {
    expect(validateEmail(input).ok).toBe(false);
  });

  it('GIVEN an email with upper-case domain THEN the domain is lower-cased', () => {
    expect(validateEmail(' Chan.TM@Example.ORG ')).toEqual({ ok: true, value: 'Chan.TM@example.org' });
  });

  it.each([['bs15tr', 'BS1 5TR'], ['SW1A 1AA', 'SW1A 1AA'], ['m1  1ae', 'M1 1AE'], ['gir0aa', 'GIR 0AA'], ['EC1A1BB', 'EC1A 1BB']])('GIVEN postcode %j THEN it is stored as %j', (input, expected) => {
    expect(validatePostcode(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '12345', 'BS1', 'QQ1 1QQ', 'BS1 5TRX', '<b>BS1</b>'])('GIVEN postcode %j THEN it is refused', (input) => {
    expect(validatePostcode(input).ok).toBe(false);
  });
});

describe('bad input inside the conversation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('GIVEN each bad name THEN the member gets the message in their language, is asked again, and can still sign', async () => {
    for (const lang of ['en', 'zh-HK']) {
      const m = new Member(() => t.app, undefined, { clientLanguage: lang });
      await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
      await m.press(lang === 'en' ? /Sign this petition/ : /簽呢份聯署/);
      await m.press(lang === 'en' ? /Yes/ : /係/);
      for (const [, input, error] of nameCases) {
        if (error === null) continue;
        await m.send(input === '' ? ' ' : input);
        expect(m.last.replies[0]?.kind).toBe('message');
        expect(m.text()).toContain(t.app.services.translator.s(lang === 'en' ? 'en' : 'yue', error));
        expect(m.last.replies[1]).toMatchObject({ kind: 'ask', field: 'name' });
      }
      await m.send('Chan\u202e Tai Man');
      expect(m.text()).toMatch(lang === 'en' ? /email/ : /電郵/);
    }
    expect(await t.app.db.prisma.signature.count()).toBe(0);
  });
});
