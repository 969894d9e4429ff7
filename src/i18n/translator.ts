/** Turns i18n keys into RichText. Values are inserted after the template's markup is parsed, so nothing a user typed is ever read as markup. */
import { projectRoot } from '../paths';
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n } from 'i18next';
import type { RichText, Span } from '../text/rich';
import { plain } from '../text/rich';

export const LANGS = ['en', 'yue'] as const;
export type Lang = (typeof LANGS)[number];

export const localesDir = path.join(projectRoot, 'locales');

export type Vars = Record<string, string | number | RichText | undefined>;

/** Thrown when code asks for a key no locale has: a bug, caught by tests. */
export class MissingKeyError extends Error {
  override name = 'MissingKeyError';
}

const OPEN = '\u0001';
const CLOSE = '\u0002';

/** Client language to ours: any Chinese or Cantonese locale gets Cantonese, everything else English. */
export function detectLanguage(clientLanguage: string | undefined): Lang {
  const l = (clientLanguage ?? '').toLowerCase();
  return l.startsWith('zh') || l.startsWith('yue') ? 'yue' : 'en';
}

export function readLocales(dir = localesDir): Record<Lang, Record<string, Record<string, unknown>>> {
  const out = {} as Record<Lang, Record<string, Record<string, unknown>>>;
  for (const lang of LANGS) {
    out[lang] = {};
    for (const file of fs.readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json')).sort()) {
      out[lang][path.basename(file, '.json')] = JSON.parse(fs.readFileSync(path.join(dir, lang, file), 'utf8'));
    }
  }
  return out;
}

export class Translator {
  private constructor(private readonly i18n: I18n) {}

  static async create(dir = localesDir): Promise<Translator> {
    const resources = readLocales(dir);
    const instance = i18next.createInstance();
    await instance.init({
      resources,
      lng: 'en',
      fallbackLng: false,
      ns: Object.keys(resources.en),
      defaultNS: 'common',
      nsSeparator: ':',
      keySeparator: '.',
      returnNull: false,
      interpolation: { escapeValue: false },
      initAsync: false,
      showSupportNotice: false,
    } as Parameters<I18n['init']>[0]);
    return new Translator(instance);
  }

  has(key: string): boolean {
    return LANGS.every((lng) => this.i18n.exists(key, { lng }) || this.i18n.exists(key, { lng, count: 2 }));
  }

  /** A translated plain string, for places with no formatting (button labels, command menus). */
  s(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
    return this.raw(lang, key, vars);
  }

  /** A translated RichText. Templates may use <b>, <i> and <code>; values are plain text or RichText. */
  t(lang: Lang, key: string, vars: Vars = {}): RichText {
    const values: (RichText | string)[] = [];
    const tokens: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(vars)) {
      if (value === undefined) continue;
      // count and other numbers drive plural rules, so they go through as numbers.
      if (typeof value === 'number' && name === 'count') {
        tokens[name] = value;
        continue;
      }
      tokens[name] = `${OPEN}${values.length}${CLOSE}`;
      values.push(typeof value === 'number' ? value.toLocaleString(lang === 'yue' ? 'zh-HK' : 'en-GB') : value);
    }
    return parseTemplate(this.raw(lang, key, tokens), values);
  }

  private raw(lang: Lang, key: string, vars: Record<string, string | number>): string {
    if (!this.i18n.exists(key, { lng: lang, ...vars })) throw new MissingKeyError(`No translation for "${key}" in ${lang}`);
    return this.i18n.t(key, { lng: lang, ...vars }) as string;
  }
}

type Style = 'bold' | 'italic' | 'code';
const TAGS: Record<string, Style> = { b: 'bold', i: 'italic', code: 'code' };

/** Parses the template's own <b>/<i>/<code> tags and splices values in as opaque spans. */
function parseTemplate(template: string, values: (RichText | string)[]): RichText {
  const spans: Span[] = [];
  const styles: Style[] = [];
  const re = new RegExp(`<(/?)(b|i|code)>|${OPEN}(\\d+)${CLOSE}`, 'g');
  let last = 0;
  const pushText = (text: string): void => {
    if (text === '') return;
    const style = styles.at(-1);
    spans.push(style ? { kind: 'text', text, style } : { kind: 'text', text });
  };
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    pushText(template.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[3] !== undefined) {
      const value = values[Number(m[3])] ?? '';
      if (typeof value === 'string') pushText(value);
      else spans.push(...value);
    } else if (m[1] === '/') {
      styles.pop();
    } else {
      styles.push(TAGS[m[2]!]!);
    }
  }
  pushText(template.slice(last));
  return spans.length === 0 ? plain('') : spans;
}
