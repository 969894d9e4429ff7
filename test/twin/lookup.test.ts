/** Golden lookups against the shipped data: places, partners, countries, choices, typos, ids. */
import { describe, expect, it } from 'vitest';
import type { TwinLookupResult, TwinOption } from '../../src/twin';
import { index } from './fixtures';

function place(query: string) {
  const result = index.lookup(query);
  if (result.kind !== 'place') throw new Error(`${query}: expected a place, got ${result.kind}`);
  return result;
}

function partner(query: string) {
  const result = index.lookup(query);
  if (result.kind !== 'partner') throw new Error(`${query}: expected a partner, got ${result.kind}`);
  return result;
}

function optionIds(result: TwinLookupResult): string[] {
  if (result.kind !== 'choices' && result.kind !== 'suggestions') throw new Error(`got ${result.kind}`);
  return result.options.map((o: TwinOption) => o.id);
}

describe('looking up a place abroad', () => {
  it('GIVEN "Bristol" THEN answers Bristol → Guangzhou, sister city since 2001, active, verified', () => {
    const { place: bristol, links } = place('Bristol');
    expect(bristol).toMatchObject({ id: 'gb-bristol', name: 'Bristol', nameZh: '布里斯托', countryCode: 'gb' });
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      verified: true,
      partner: { name: 'Guangzhou', nameZh: '廣州', province: 'Guangdong' },
      link: { type: 'sister', sinceYear: 2001, status: 'active', endedYear: null },
    });
    expect(links[0]?.link.sourceUrl).toMatch(/^https:\/\//);
  });

  it('GIVEN "Newcastle" THEN answers Newcastle upon Tyne, whose Taiyuan link ended in 2022', () => {
    const { place: newcastle, links } = place('Newcastle');
    expect(newcastle.name).toBe('Newcastle upon Tyne');
    const taiyuan = links.find((l) => l.partner.name === 'Taiyuan');
    expect(taiyuan?.link).toMatchObject({ status: 'ended', endedYear: 2022, sinceYear: 1985 });
  });

  it('GIVEN "Prague" THEN answers Beijing ended 2019 and Shanghai suspended 2020', () => {
    const { links } = place('Prague');
    const byPartner = Object.fromEntries(links.map((l) => [l.partner.name, l.link]));
    expect(byPartner['Beijing']).toMatchObject({ status: 'ended', endedYear: 2019 });
    expect(byPartner['Shanghai']).toMatchObject({ status: 'suspended', endedYear: 2020 });
  });

  it.each([
    ['布里斯托', 'Bristol'],
    ['纽卡斯尔', 'Newcastle upon Tyne'],
    ['紐卡素', 'Newcastle upon Tyne'],
    ['曼城', 'Manchester'],
    ['曼徹斯特', 'Manchester'],
    ['曼彻斯特', 'Manchester'],
    ['諾定咸', 'Nottingham'],
    ['諾丁漢', 'Nottingham'],
    ['列斯', 'Leeds'],
    ['利茲', 'Leeds'],
    ['錫菲', 'Sheffield'],
    ['謝菲爾德', 'Sheffield'],
    ['谢菲尔德', 'Sheffield'],
    ['倫敦', 'London'],
    ['伯明翰', 'Birmingham'],
    ['英國伯明翰', 'Birmingham'],
    ['布里斯托市', 'Bristol'],
    ['布拉格', 'Prague'],
  ])('GIVEN the Chinese name %s THEN answers %s', (query, name) => {
    expect(place(query).place.name).toBe(name);
  });

  it.each([
    ['newcastle-upon-tyne', 'Newcastle upon Tyne'],
    ['Newcastle on Tyne', 'Newcastle upon Tyne'],
    ['Stoke', 'Stoke-on-Trent'],
    ['stoke upon trent', 'Stoke-on-Trent'],
    ['Hull', 'Kingston upon Hull'],
    ['Bath', 'Bath and North East Somerset'],
    ['Stratford-upon-Avon', 'Stratford-on-Avon District'],
    ['St Louis', 'St. Louis'],
    ['Saint Louis', 'St. Louis'],
    ['City of Sheffield', 'Sheffield'],
    ['ＬＥＥＤＳ', 'Leeds'],
    ['  bristol! ', 'Bristol'],
    ['Goteborg', 'Gothenburg (Göteborg)'],
    ['Welsh Government', 'Wales (Welsh Government)'],
    ['Perth, Scotland', 'Perth (Perth and Kinross)'],
    ['Perth Australia', 'Perth'],
    ['London, Canada', 'London'],
    ['MiltonKeynes', 'Milton Keynes'],
  ])('GIVEN the variant %s THEN answers %s', (query, name) => {
    expect(place(query).place.name).toBe(name);
  });

  it('GIVEN a place whose only link is listed on Wikipedia THEN the link is marked unverified', () => {
    const { links } = place('Solihull');
    expect(links.length).toBeGreaterThan(0);
    for (const view of links) {
      expect(view.verified).toBe(false);
      expect(view.link).toMatchObject({ provenance: 'wikipedia', status: 'unknown' });
    }
  });

  it('GIVEN a place with researched and ended links THEN lists researched links first, active before ended', () => {
    const statuses = place('Sheffield').links.map((l) => l.link.status);
    expect(statuses[0]).toBe('active');
    expect(statuses.slice(1).every((s) => s === 'ended')).toBe(true);
  });
});

describe('a name shared by several places', () => {
  it.each([
    ['London', ['gb-london', 'ca-london']],
    ['Perth', ['gb-perth-perth-and-kinross', 'au-perth']],
    ['珀斯', ['gb-perth-perth-and-kinross', 'au-perth']],
    ['Birmingham', ['gb-birmingham', 'us-birmingham']],
    ['Richmond', ['ca-richmond', 'us-richmond']],
  ])('GIVEN %s THEN offers a choice between %j', (query, ids) => {
    expect(optionIds(index.lookup(query)).sort()).toEqual([...ids].sort());
  });

  it('GIVEN an ambiguous partner romanisation (Taizhou) THEN offers both cities', () => {
    const result = index.lookup('Taizhou');
    expect(result.kind).toBe('choices');
    if (result.kind === 'choices') {
      expect(result.options.map((o) => (o.kind === 'partner' ? o.nameZh : null)).sort()).toEqual(['台州', '泰州']);
    }
  });
});

describe('looking up a PRC partner', () => {
  it.each(['Guangzhou', '廣州', '广州', 'Canton', '廣州市'])(
    'GIVEN %s THEN lists every place twinned with Guangzhou, Bristol and Birmingham among them',
    (query) => {
      const result = partner(query);
      expect(result.partner).toMatchObject({ id: 'cn-guangzhou', name: 'Guangzhou', nameZh: '廣州' });
      const places = result.links.map((l) => l.place.id);
      expect(places).toEqual(expect.arrayContaining(['gb-bristol', 'gb-birmingham']));
      expect(result.partner.linkCount).toBe(result.links.length);
    },
  );

  it('GIVEN a partner spelt two ways in the data THEN both spellings answer one merged partner', () => {
    const a = partner('Yuhang District (Hangzhou)');
    const b = partner('Yuhang (Hangzhou)');
    expect(a.partner.id).toBe(b.partner.id);
    expect(a.links.map((l) => l.place.name).sort()).toEqual(['Anderson', 'Weert']);
  });

  it('GIVEN a province with or without its suffix THEN answers the province partner', () => {
    expect(partner('江西省').partner.name).toBe('Jiangxi Province');
    expect(partner('Jiangxi').partner.name).toBe('Jiangxi Province');
  });
});

describe('looking up a country or nation', () => {
  it.each(['UK', 'U.K.', '英國', '英国', 'United Kingdom', 'Britain'])(
    'GIVEN %s THEN answers the UK overview with counts by status',
    (query) => {
      const result = index.lookup(query);
      if (result.kind !== 'country') throw new Error(result.kind);
      expect(result.country).toMatchObject({ id: 'gb', name: 'United Kingdom', nameZh: '英國' });
      expect(result.region).toBeNull();
      expect(result.counts).toEqual({ active: 26, ended: 9, suspended: 0, disputed: 0, unknown: 42 });
      expect(result.linkCount).toBe(77);
      expect(result.unverifiedCount).toBe(5);
      expect(result.places).toHaveLength(58);
      const names = result.places.map((p) => p.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    },
  );

  it('GIVEN "Sweden" THEN answers the Swedish overview', () => {
    const result = index.lookup('Sweden');
    if (result.kind !== 'country') throw new Error(result.kind);
    expect(result.linkCount).toBe(16);
    expect(result.counts.ended).toBe(5);
  });

  it('GIVEN "Scotland" or 蘇格蘭 THEN answers the Scottish places only', () => {
    for (const query of ['Scotland', '蘇格蘭']) {
      const result = index.lookup(query);
      if (result.kind !== 'country') throw new Error(result.kind);
      expect(result.region?.name).toBe('Scotland');
      expect(result.places.map((p) => p.name)).toContain('Edinburgh');
      expect(result.places.every((p) => p.region?.startsWith('Scotland'))).toBe(true);
    }
  });

  it('GIVEN "England" THEN answers the English places, including those with a county in brackets', () => {
    const result = index.lookup('England');
    if (result.kind !== 'country') throw new Error(result.kind);
    expect(result.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Bristol', 'Newcastle upon Tyne']));
    expect(result.places.map((p) => p.name)).not.toContain('Cardiff');
  });
});

describe('typos and unknown names', () => {
  it.each([
    ['Bristl', 'gb-bristol'],
    ['Manchster', 'gb-manchester'],
    ['Lodnon', 'gb-london'],
    ['Guangzou', 'cn-guangzhou'],
    ['曼切斯特', 'gb-manchester'],
    ['紐卡斯', 'gb-newcastle-on-tyne'],
    ['Kingston', 'gb-kingston-on-hull'],
    ['Swedn', 'se'],
  ])('GIVEN the typo %s THEN suggests %s', (query, id) => {
    const result = index.lookup(query);
    expect(result.kind).toBe('suggestions');
    expect(optionIds(result)).toContain(id);
  });

  it('GIVEN a name of a country not in the data ("Perth, Canada") THEN suggests the Perths that exist', () => {
    expect(optionIds(index.lookup('Perth, Canada')).sort()).toEqual(['au-perth', 'gb-perth-perth-and-kinross']);
  });

  it.each(['Nowhereville', 'Exeter', 'Sutton', 'Reading', 'Hong Kong', '香港', 'x', '', '   ', 'a'.repeat(500)])(
    'GIVEN %j, which has no link THEN answers none',
    (query) => {
      expect(index.lookup(query)).toEqual({ kind: 'none' });
    },
  );
});

describe('ids for buttons', () => {
  it('GIVEN the id of any answer THEN resolveById gives the same answer back', () => {
    const bristol = place('Bristol');
    expect(index.resolveById(bristol.place.id)).toEqual(bristol);
    const guangzhou = partner('Guangzhou');
    expect(index.resolveById(guangzhou.partner.id)).toEqual(guangzhou);
    for (const id of optionIds(index.lookup('Perth'))) expect(index.resolveById(id).kind).toBe('place');
    const scotland = index.lookup('Scotland');
    if (scotland.kind !== 'country' || !scotland.region) throw new Error('no region');
    expect(index.resolveById(scotland.region.id)).toEqual(scotland);
  });

  it('GIVEN every place and partner THEN ids are unique, ASCII and at most 40 characters', () => {
    const uk = index.resolveCountry('gb');
    if (uk.kind !== 'country') throw new Error('no UK');
    const all = index.countries().flatMap((c) => c.places.map((p) => p.id));
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[\x21-\x7e]{1,40}$/);
  });

  it('GIVEN a country code THEN resolveCountry answers its overview, and an unknown code none', () => {
    expect(index.resolveCountry('GB')).toEqual(index.lookup('UK'));
    expect(index.resolveCountry('se')).toEqual(index.lookup('Sweden'));
    expect(index.resolveCountry('fr')).toEqual({ kind: 'none' });
    expect(index.resolveCountry('gb-bristol')).toEqual({ kind: 'none' });
  });

  it('GIVEN an unknown id THEN answers none', () => {
    expect(index.resolveById('gb-atlantis')).toEqual({ kind: 'none' });
  });
});
