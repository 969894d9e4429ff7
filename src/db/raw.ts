/**
 * Normalises values read with $queryRaw, which come back in each database's own types: SQLite gives
 * ISO strings for dates and 0/1 (possibly BigInt) for booleans; PostgreSQL gives Date and boolean.
 * The engine's hot path uses raw SQL because each Prisma model query is compiled to a plan by the
 * WASM query compiler on every call (about 3 times the cost of the same query written raw).
 */

export function rawDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  if (typeof value === 'bigint') return new Date(Number(value));
  throw new TypeError(`Not a date: ${typeof value}`);
}

export function rawInt(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new TypeError(`Not an integer: ${typeof value}`);
}

export function rawBool(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't' || value === 'true';
}
