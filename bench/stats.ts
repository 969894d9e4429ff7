/** Percentiles and rounding for the reports. */

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles (no interpolation: every value reported was measured). */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { n: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted.at(-1)! };
}

/** Rounds to a number of significant figures, so results files diff cleanly. */
export function round(value: number, figures = 3): number {
  return Number.isFinite(value) ? Number(value.toPrecision(figures)) : value;
}

export function median(values: readonly number[]): number {
  return percentiles(values).p50;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
