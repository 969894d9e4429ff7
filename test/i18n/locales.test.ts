/** Locale files: same keys in en and yue, every key the code uses exists, Cantonese not Mandarin. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocales, Translator } from '../../src/i18n/translator';
import { projectRoot } from '../helpers/app';

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v as Record<string, unknown>, key));
  }
  return out;
}

const locales = readLocales();
const flat = Object.fromEntries(
  Object.entries(locales).map(([lang, nss]) => [lang, Object.fromEntries(Object.entries(nss).flatMap(([ns, tree]) => Object.entries(flatten(tree)).map(([k, v]) => [`${ns}:${k}`, v])))]),
) as Record<'en' | 'yue', Record<string, string>>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'generated' ? [] : sourceFiles(p);
    return /\.ts$/.test(d.name) ? [p] : [];
  });
}

describe('locales', () => {
  it('GIVEN en and yue THEN they carry exactly the same keys', () => {
    expect(Object.keys(flat.yue).sort()).toEqual(Object.keys(flat.en).sort());
  });

  it('GIVEN every string literal in src and bots that looks like an i18n key THEN a translation exists', async () => {
    const translator = await Translator.create();
    const namespaces = Object.keys(locales.en);
    const keyPattern = new RegExp(`['\`"]((?:${namespaces.join('|')}):[A-Za-z0-9_.]+)(?:\\.\\$\\{[^}]+\\})?['\`"]`, 'g');
    const missing: string[] = [];
    let checked = 0;
    for (const file of [...sourceFiles(path.join(projectRoot, 'src')), ...sourceFiles(path.join(projectRoot, 'bots'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(keyPattern)) {
        const key = m[1]!;
        // Template keys like `sign:ask.${field}` are checked by their prefix having children.
        const isPrefix = m[0].includes('${');
        checked++;
        if (isPrefix ? !Object.keys(flat.en).some((k) => k.startsWith(`${key}.`)) : !translator.has(key)) missing.push(`${path.relative(projectRoot, file)}: ${key}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('GIVEN the Cantonese locale THEN it uses written Cantonese, not Mandarin function words', () => {
    const mandarin = /的|們|什麼|這|沒有|他們|哪|嗎|呢個月|在這|是否/;
    const offenders = Object.entries(flat.yue).filter(([, v]) => mandarin.test(v.replace(/\{\{[^}]+\}\}/g, '')));
    expect(offenders).toEqual([]);
    expect(Object.values(flat.yue).join('')).toMatch(/嘅|唔|咗|喺/);
  });

  it('GIVEN a template with markup and a value containing markup THEN the value stays plain text', async () => {
    const translator = await Translator.create();
    const spans = translator.t('en', 'sign:eligibility', { statement: '<b>not bold</b> & <i>' });
    expect(spans).toContainEqual({ kind: 'text', text: '<b>not bold</b> & <i>', style: 'bold' });
    expect(spans.some((s) => s.text.includes('Before you sign'))).toBe(true);
  });
});
