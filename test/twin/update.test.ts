/** Changing one link's status as a pure function, checked by the CSV rules. */
import { describe, expect, it } from 'vitest';
import { parseTwinCsv, serializeTwinCsv, updateLinkStatus } from '../../src/twin';
import { links } from './fixtures';

const bristol = { city: 'Bristol', country: 'United Kingdom', partner: 'Guangzhou' };
const URL = 'https://democracy.bristol.gov.uk/example';

describe('updateLinkStatus', () => {
  it('GIVEN a council vote ending a link THEN returns new links with it ended and the old source kept in notes', () => {
    const result = updateLinkStatus(links, bristol, { status: 'ended', endedYear: 2026, sourceUrl: URL, note: 'Council vote' }, { currentYear: 2026 });
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.link).toMatchObject({ status: 'ended', endedYear: 2026, sourceUrl: URL, provenance: 'researched' });
    expect(result.link.notes).toMatch(/^Council vote/);
    expect(result.link.notes).toContain(result.previous.sourceUrl);
    expect(result.links).toHaveLength(links.length);
    expect(links.find((l) => l.city === 'Bristol')?.status).toBe('active'); // the input is untouched
  });

  it('GIVEN the updated links THEN they still pass the CSV rules when written and read back', () => {
    const result = updateLinkStatus(links, bristol, { status: 'suspended', endedYear: 2025, sourceUrl: URL }, { currentYear: 2026 });
    if (!result.ok) throw new Error(result.error.reason);
    const back = parseTwinCsv(serializeTwinCsv(result.links), { currentYear: 2026 });
    expect(back).toEqual({ ok: true, links: result.links });
  });

  it('GIVEN a Wikipedia-only link given a sourced status THEN it becomes a researched link', () => {
    const wiki = links.find((l) => l.provenance === 'wikipedia')!;
    const result = updateLinkStatus(links, wiki, { status: 'active', sourceUrl: URL });
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.link.provenance).toBe('researched');
  });

  it('GIVEN a link made active again THEN its ended year is cleared', () => {
    const newcastle = { city: 'Newcastle upon Tyne', country: 'United Kingdom', partner: 'Taiyuan' };
    const result = updateLinkStatus(links, newcastle, { status: 'active', sourceUrl: URL });
    if (!result.ok) throw new Error(result.error.reason);
    expect(result.link.endedYear).toBeNull();
  });

  it('GIVEN names in another case THEN still finds the link', () => {
    const result = updateLinkStatus(links, { city: 'BRISTOL', country: 'united kingdom', partner: 'guangzhou' }, { status: 'disputed', sourceUrl: URL });
    expect(result.ok).toBe(true);
  });

  it('GIVEN a link that does not exist THEN answers link-not-found', () => {
    const result = updateLinkStatus(links, { ...bristol, partner: 'Shenzhen' }, { status: 'ended', sourceUrl: URL });
    expect(result).toEqual({ ok: false, error: { reason: 'link-not-found' } });
  });

  it('GIVEN an ended year on an active link, a bad year or a bad URL THEN refuses the change', () => {
    const cases = [
      [{ status: 'active', endedYear: 2020, sourceUrl: URL }, 'ended-year-not-allowed'],
      [{ status: 'ended', endedYear: 3000, sourceUrl: URL }, 'bad-year'],
      [{ status: 'ended', endedYear: 1999, sourceUrl: URL }, 'ended-before-since'],
      [{ status: 'ended', sourceUrl: 'not a url' }, 'bad-url'],
    ] as const;
    for (const [change, reason] of cases) {
      const result = updateLinkStatus(links, bristol, change, { currentYear: 2026 });
      expect(result.ok ? null : result.error.reason).toBe(reason);
    }
  });
});
