/** Index behaviour on small hand-made data (shared names, missing names, rebuilds), paging and the bench. */
import { describe, expect, it } from 'vitest';
import { benchTwinLookups, page, SAMPLE_TWIN_QUERIES, TwinIndex } from '../../src/twin';
import { index, link } from './fixtures';

describe('an index built from a small synthetic data set', () => {
  const links = [
    link({ city: 'Newcastle', country: 'Australia', region: 'New South Wales', partner: 'Zhangjiagang', partnerZh: '張家港', partnerProvince: 'Jiangsu' }),
    link({ city: 'Newcastle upon Tyne', partner: 'Taiyuan', partnerZh: '太原', partnerProvince: 'Shanxi', status: 'ended', endedYear: 2022, sinceYear: 1985 }),
    link({ city: 'Springfield', country: 'United States', region: 'Illinois' }),
  ];
  const names = {
    countries: { Australia: { code: 'au', en: [], hk: ['澳洲'], cn: [] } },
    regions: {},
    places: { 'United Kingdom': { 'Newcastle upon Tyne': { en: ['Newcastle'], hk: ['紐卡素'], cn: [] } } },
    partners: {},
  };
  const small = TwinIndex.build(links, names);

  it('GIVEN "Newcastle" named by places in two countries THEN offers the choice', () => {
    const result = small.lookup('Newcastle');
    expect(result.kind).toBe('choices');
    if (result.kind === 'choices') {
      expect(result.options.map((o) => (o.kind === 'place' ? `${o.name}, ${o.countryCode}` : ''))).toEqual([
        'Newcastle, au',
        'Newcastle upon Tyne, united-kingdom',
      ]);
    }
  });

  it('GIVEN a Chinese name only one of them has THEN answers that one', () => {
    const result = small.lookup('紐卡素');
    expect(result.kind === 'place' && result.place.name).toBe('Newcastle upon Tyne');
  });

  it('GIVEN "Newcastle, Australia" THEN the country picks one', () => {
    const result = small.lookup('澳洲 Newcastle');
    expect(result.kind === 'place' && result.place.country).toBe('Australia');
  });

  it('GIVEN a country with no entry in the names file THEN its id is its slug and it answers by name', () => {
    const result = small.lookup('United States');
    expect(result.kind === 'country' && result.country.id).toBe('united-states');
  });

  it('GIVEN no names file at all THEN the index still answers by the names in the data', () => {
    const bare = TwinIndex.build(links);
    expect(bare.lookup('Springfield').kind).toBe('place');
    expect(bare.lookup('Guangzhou').kind).toBe('partner');
  });

  it('GIVEN new data THEN a rebuilt index answers from it and the old index is unchanged', () => {
    const more = TwinIndex.build([...links, link({ city: 'Shelbyville', country: 'United States' })], names);
    expect(more.lookup('Shelbyville').kind).toBe('place');
    expect(small.lookup('Shelbyville').kind).not.toBe('place');
  });
});

describe('page', () => {
  const items = Array.from({ length: 23 }, (_, i) => i);

  it('GIVEN 23 items in pages of 10 THEN page 3 holds the last 3', () => {
    expect(page(items, 3, 10)).toEqual({ items: [20, 21, 22], page: 3, pageCount: 3, size: 10, total: 23 });
  });

  it('GIVEN a page beyond the end or below 1 THEN clamps it', () => {
    expect(page(items, 9, 10).page).toBe(3);
    expect(page(items, 0, 10).page).toBe(1);
    expect(page([], 1, 10)).toEqual({ items: [], page: 1, pageCount: 1, size: 10, total: 0 });
  });
});

describe('benchTwinLookups', () => {
  it('GIVEN the sample queries THEN reports a positive rate of lookups per second', () => {
    expect(benchTwinLookups(index, SAMPLE_TWIN_QUERIES, 20)).toBeGreaterThan(0);
    expect(benchTwinLookups(index, [], 20)).toBe(0);
  });
});
