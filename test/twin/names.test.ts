/** The names file: it fits the data, every UK place has a Chinese name, bad files are refused. */
import { describe, expect, it } from 'vitest';
import { checkTwinNames, parseTwinNames } from '../../src/twin';
import { index, links, names } from './fixtures';

const ukPlaces = [...new Set(links.filter((l) => l.country === 'United Kingdom').map((l) => l.city))];

describe('the names file', () => {
  it('GIVEN the shipped names file THEN it fits the data: no stale entries, every country named', () => {
    expect(checkTwinNames(links, names)).toEqual([]);
  });

  it('GIVEN the data THEN there are 58 United Kingdom places', () => {
    expect(ukPlaces).toHaveLength(58);
  });

  it.each(ukPlaces)('GIVEN the UK place %s THEN it has a Chinese name, and that name finds it', (city) => {
    const set = names.places['United Kingdom']?.[city];
    const chinese = [...(set?.hk ?? []), ...(set?.cn ?? [])];
    expect(chinese.length).toBeGreaterThan(0);
    for (const name of chinese) {
      const result = index.lookup(name);
      // Perth's name is shared with Perth, Australia: a choice that includes it is right.
      const found =
        result.kind === 'place'
          ? [result.place.name]
          : result.kind === 'choices'
            ? result.options.map((o) => o.name)
            : [];
      expect(found, name).toContain(city);
    }
  });

  it('GIVEN a place missing its Chinese name THEN checkTwinNames reports it', () => {
    const { Bristol: _dropped, ...rest } = names.places['United Kingdom']!;
    const problems = checkTwinNames(links, { ...names, places: { ...names.places, 'United Kingdom': rest } });
    expect(problems).toEqual([{ reason: 'place-without-chinese', country: 'United Kingdom', city: 'Bristol' }]);
  });

  it('GIVEN an entry for a place not in the data THEN checkTwinNames reports it as unknown', () => {
    const extra = { ...names.places['United Kingdom'], Atlantis: { en: [], hk: ['亞特蘭蒂斯'], cn: [] } };
    const problems = checkTwinNames(links, { ...names, places: { ...names.places, 'United Kingdom': extra } });
    expect(problems).toEqual([{ reason: 'unknown-place', country: 'United Kingdom', city: 'Atlantis' }]);
  });
});

describe('parseTwinNames', () => {
  it('GIVEN a Latin name in a Chinese list THEN refuses it with its path', () => {
    const result = parseTwinNames('places:\n  United Kingdom:\n    Bristol:\n      hk: [Bristol]\n');
    expect(result).toEqual({ ok: false, errors: [{ path: 'places.United Kingdom.Bristol.hk.0', reason: 'not-chinese' }] });
  });

  it('GIVEN a bad or repeated country code THEN refuses it', () => {
    const bad = parseTwinNames('countries:\n  France:\n    code: FRA\n');
    expect(bad.ok ? [] : bad.errors.map((e) => e.reason)).toEqual(['bad-code']);
    const twice = parseTwinNames('countries:\n  A:\n    code: aa\n  B:\n    code: aa\n');
    expect(twice.ok ? [] : twice.errors).toEqual([{ path: 'countries.B.code', reason: 'duplicate-code' }]);
  });

  it('GIVEN a duplicated key or broken YAML THEN refuses it as malformed', () => {
    const result = parseTwinNames('partners:\n  Guangzhou: {en: [Canton]}\n  Guangzhou: {en: [Kwangchow]}\n');
    expect(result).toEqual({ ok: false, errors: [{ path: '', reason: 'malformed-yaml' }] });
  });

  it('GIVEN an unknown field THEN refuses it rather than ignore a typo', () => {
    expect(parseTwinNames('partners:\n  Guangzhou: {english: [Canton]}\n').ok).toBe(false);
  });

  it('GIVEN a place listed with no names yet THEN accepts it with empty lists', () => {
    expect(parseTwinNames('places:\n  United Kingdom:\n    Bury:\n')).toEqual({
      ok: true,
      names: { countries: {}, regions: {}, places: { 'United Kingdom': { Bury: { en: [], hk: [], cn: [] } } }, partners: {} },
    });
  });
});
