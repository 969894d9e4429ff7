/** Loads the project's own twin data files (data/, not the shared copy) once for the twin tests. */
import { readFileSync } from 'node:fs';
import { parseTwinCsv, parseTwinNames, TwinIndex, type TwinLink, type TwinNames } from '../../src/twin';

const dataFile = (name: string): string => readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8');

export const csvText = dataFile('twin-links.csv');
export const namesText = dataFile('twin-names.yaml');

function load(): { links: TwinLink[]; names: TwinNames } {
  const csv = parseTwinCsv(csvText);
  if (!csv.ok) throw new Error(`project twin CSV refused: ${JSON.stringify(csv.errors.slice(0, 5))}`);
  const names = parseTwinNames(namesText);
  if (!names.ok) throw new Error(`project names file refused: ${JSON.stringify(names.errors.slice(0, 5))}`);
  return { links: csv.links, names: names.names };
}

export const { links, names } = load();
export const index = TwinIndex.build(links, names);

/** A minimal valid row, for building small CSVs in tests. */
export function link(overrides: Partial<TwinLink> = {}): TwinLink {
  return {
    city: 'Testville',
    country: 'United Kingdom',
    region: 'England',
    partner: 'Guangzhou',
    partnerZh: '廣州',
    partnerProvince: 'Guangdong',
    type: 'sister',
    sinceYear: 2001,
    status: 'active',
    endedYear: null,
    sourceUrl: 'https://example.org/twins',
    notes: 'Test row.',
    provenance: 'researched',
    ...overrides,
  };
}
