/** Rendering every answer the shipped data can give: button data within Telegram's 64 bytes, deep-link ids valid, both languages. */
import { beforeAll, describe, expect, it } from 'vitest';
import { START_PAYLOAD, toPlain, type Button } from '../../src';
import { Translator, type Lang } from '../../src/i18n/translator';
import { renderResult, type TwinSnapshot, type TwinView } from '../../src/twin';
import { index } from './fixtures';

let translator: Translator;
beforeAll(async () => {
  translator = await Translator.create();
});

function view(lang: Lang, isPrivate = true): TwinView {
  return { lang, isPrivate, t: (k, v) => translator.t(lang, k, v), s: (k, v) => translator.s(lang, k, v) };
}

const snap: TwinSnapshot = { index, version: 1, countries: new Map(index.countries().map((c) => [c.country.id, c.country])) };

const places = index.countries().flatMap((c) => c.places);
const partnerIds = [...new Set(places.flatMap((p) => {
  const r = index.resolveById(p.id);
  return r.kind === 'place' ? r.links.map((l) => l.partner.id) : [];
}))];

function data(buttons: Button[][]): string[] {
  return buttons.flat().flatMap((b) => (b.kind === 'action' ? [b.data] : b.kind === 'deepLink' ? [b.payload] : []));
}

describe('twin answers for the whole data set', () => {
  it('GIVEN every place, partner and country THEN each renders in both languages, fits a Telegram message, and its button data fits 64 bytes', () => {
    const ids = [...places.map((p) => p.id), ...partnerIds, ...index.countries().map((c) => c.country.id)];
    expect(ids.length).toBeGreaterThan(500);
    for (const lang of ['en', 'yue'] as const) {
      for (const id of ids) {
        for (const page of [1, 9999]) {
          const r = renderResult(view(lang), snap, index.resolveById(id), { query: id, page });
          // Telegram counts the text shown (4096 at most); a link's URL travels in an entity.
          const shown = r.text.map((s) => s.text).join('');
          expect(shown.length, id).toBeGreaterThan(10);
          expect(shown.length, id).toBeLessThan(4096);
          for (const d of data(r.buttons)) expect(Buffer.byteLength(d), d).toBeLessThanOrEqual(64);
        }
      }
    }
  });

  it('GIVEN every place id THEN twin-<id> is a valid deep-link payload of ASCII, at most 40 characters of id', () => {
    for (const p of places) {
      expect(p.id).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(START_PAYLOAD.test(`twin-${p.id}`), p.id).toBe(true);
    }
  });

  it('GIVEN a place answer with no petition THEN no Sign button; with one, an action in private and a deep link in a group', () => {
    const bristol = index.lookup('Bristol');
    const petitions = [{ slug: 'bristol-guangzhou', title: 'Bristol petition' }];
    expect(data(renderResult(view('en'), snap, bristol, { query: 'Bristol' }).buttons)).not.toContain('sg:go:bristol-guangzhou');
    expect(data(renderResult(view('en'), snap, bristol, { query: 'Bristol', petitions }).buttons)).toContain('sg:go:bristol-guangzhou');
    expect(data(renderResult(view('en', false), snap, bristol, { query: 'Bristol', petitions }).buttons)).toContain('sign-bristol-guangzhou');
  });

  it('GIVEN a long pasted query THEN the echo is cut short', () => {
    const long = 'x'.repeat(500);
    const r = renderResult(view('en'), snap, { kind: 'none' }, { query: long });
    expect(toPlain(r.text)).not.toContain('x'.repeat(61));
  });
});
