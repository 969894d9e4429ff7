/** Micro-benchmark of twin status: index build time, raw lookups per second, and lookups rendered into answers. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Translator, type Lang } from '../src/i18n/translator';
import {
  benchTwinLookups,
  readTwinCsvFile,
  readTwinNamesFile,
  renderResult,
  SAMPLE_TWIN_QUERIES,
  SHIPPED_TWIN_CSV,
  SHIPPED_TWIN_NAMES,
  TwinIndex,
  type TwinSnapshot,
  type TwinView,
} from '../src/twin';

export interface TwinBenchResult {
  /** Index lookups (name → result) per second over a realistic mix, typos and misses included. */
  lookupsPerSecond: number;
  /** Lookup plus rendering the answer (text and buttons) in English and Cantonese, per second. */
  answersPerSecond: number;
  /** Building the index from the shipped data, in milliseconds (what a rebuild after an admin change costs). */
  buildMs: number;
  links: number;
  queries: number;
  iterations: number;
}

export interface TwinBenchOptions {
  /** Passes over the sample queries for the lookup measure (default 2000). */
  iterations?: number;
}

/** Called by `npm run bench`; needs no database. */
export async function benchTwin(options: TwinBenchOptions = {}): Promise<TwinBenchResult> {
  const iterations = options.iterations ?? 2000;
  const [links, names, translator] = await Promise.all([
    readTwinCsvFile(SHIPPED_TWIN_CSV),
    readTwinNamesFile(SHIPPED_TWIN_NAMES),
    Translator.create(),
  ]);
  TwinIndex.build(links, names); // warm-up: the Chinese dictionaries load on first use
  const started = performance.now();
  const index = TwinIndex.build(links, names);
  const buildMs = Math.round((performance.now() - started) * 10) / 10;

  const lookupsPerSecond = benchTwinLookups(index, SAMPLE_TWIN_QUERIES, iterations);

  const snap: TwinSnapshot = { index, version: 1, countries: new Map(index.countries().map((c) => [c.country.id, c.country])) };
  const view = (lang: Lang): TwinView => ({ lang, isPrivate: true, t: (k, v) => translator.t(lang, k, v), s: (k, v) => translator.s(lang, k, v) });
  const views = [view('en'), view('yue')];
  const answer = (q: string, i: number) => renderResult(views[i % 2]!, snap, index.lookup(q), { query: q });
  SAMPLE_TWIN_QUERIES.forEach(answer);
  const answerPasses = Math.max(1, Math.round(iterations / 10));
  const t0 = performance.now();
  for (let n = 0; n < answerPasses; n++) SAMPLE_TWIN_QUERIES.forEach(answer);
  const seconds = (performance.now() - t0) / 1000;
  const answersPerSecond = Math.round((answerPasses * SAMPLE_TWIN_QUERIES.length) / Math.max(seconds, 1e-9));

  return { lookupsPerSecond, answersPerSecond, buildMs, links: links.length, queries: SAMPLE_TWIN_QUERIES.length, iterations };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  benchTwin().then((r) => console.log(JSON.stringify(r, null, 2)));
}
