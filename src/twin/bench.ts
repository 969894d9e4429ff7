/** Measures lookups per second of a built index (wired into `npm run bench` by the lead). */
import type { TwinIndex } from './TwinIndex';

/** A realistic mix: exact English, HK and Simplified Chinese, aliases, countries, typos, misses. */
export const SAMPLE_TWIN_QUERIES: readonly string[] = [
  'Bristol', 'Newcastle', 'newcastle-upon-tyne', 'Prague', '布里斯托', '纽卡斯尔', '曼城', '曼徹斯特',
  'Guangzhou', '廣州', '广州', 'United Kingdom', 'UK', '英國', 'London', 'St. Louis', 'Perth, Scotland',
  'Bristl', 'Manchster', 'Nowhereville', 'Ｌｅｅｄｓ', '列斯', 'Stoke', 'Hull',
];

/** Runs every query `iterations` times and returns lookups per second. */
export function benchTwinLookups(index: TwinIndex, queries: readonly string[], iterations: number): number {
  if (queries.length === 0 || iterations <= 0) return 0;
  // Warm up first, so one-time costs (the Chinese dictionaries, JIT) are not measured.
  for (const q of queries) index.lookup(q);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) for (const q of queries) index.lookup(q);
  const seconds = (performance.now() - start) / 1000;
  return Math.round((queries.length * iterations) / Math.max(seconds, 1e-9));
}
