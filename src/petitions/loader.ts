/** Reads and validates petition YAML files; a bad file is reported with its path and every problem. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { petitionFileSchema, type PetitionFile } from './schema';

export class PetitionFileError extends Error {
  override name = 'PetitionFileError';
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function parsePetitionFile(file: string, source: string): PetitionFile {
  let data: unknown;
  try {
    data = YAML.parse(source);
  } catch (error) {
    throw new PetitionFileError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  const parsed = petitionFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new PetitionFileError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`));
  }
  return parsed.data;
}

/** Loads one file, or every *.yaml / *.yml in a folder (sorted). All are validated before any is returned. */
export function loadPetitionFiles(target: string): PetitionFile[] {
  const stat = fs.statSync(target);
  const files = stat.isDirectory()
    ? fs.readdirSync(target).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(target, f))
    : [target];
  const petitions = files.map((f) => parsePetitionFile(f, fs.readFileSync(f, 'utf8')));
  const seen = new Set<string>();
  for (const p of petitions) {
    if (seen.has(p.slug)) throw new PetitionFileError(target, [`slug "${p.slug}" appears twice`]);
    seen.add(p.slug);
  }
  return petitions;
}
