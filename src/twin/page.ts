/** Cuts a long list (the places of a country) into pages for the renderer. */

export interface Page<T> {
  readonly items: readonly T[];
  /** 1-based, clamped to the pages that exist. */
  readonly page: number;
  readonly pageCount: number;
  readonly size: number;
  readonly total: number;
}

/** Page `page` (1-based) of `items`; out-of-range pages are clamped, so a stale button still works. */
export function page<T>(items: readonly T[], page: number, size: number): Page<T> {
  const safeSize = Math.max(1, Math.floor(size) || 1);
  const pageCount = Math.max(1, Math.ceil(items.length / safeSize));
  const current = Math.min(pageCount, Math.max(1, Math.floor(page) || 1));
  const start = (current - 1) * safeSize;
  return { items: items.slice(start, start + safeSize), page: current, pageCount, size: safeSize, total: items.length };
}
