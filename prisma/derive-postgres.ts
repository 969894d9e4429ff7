/**
 * Derives prisma/postgres/schema.prisma from prisma/schema.prisma (the source of truth), and checks
 * that the committed migrations of both providers match the schema.
 *   npm run db:derive            rewrite the PostgreSQL schema
 *   npm run db:check             fail when the schema, derived schema or migrations drift
 *   npm run db:migration -- NAME write a new migration for both providers
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sqliteSchema = path.join(root, 'prisma', 'schema.prisma');
const postgresSchema = path.join(root, 'prisma', 'postgres', 'schema.prisma');
const SNAPSHOT = 'schema.snapshot.prisma';

/** The mechanical derivation: provider, CLI url and output path differ; nothing else may. */
export function derivePostgres(source: string): string {
  const replaced = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:../data/petition.db"', 'url      = "postgresql://localhost:5432/petition"')
    .replace('output       = "../src/generated/sqlite"', 'output       = "../../src/generated/postgres"');
  const header = '// GENERATED from prisma/schema.prisma by `npm run db:derive`. Do not edit.\n';
  return header + replaced;
}

function providerDirs(): { provider: string; schema: string; dir: string }[] {
  return [
    { provider: 'sqlite', schema: sqliteSchema, dir: path.join(root, 'prisma', 'migrations', 'sqlite') },
    { provider: 'postgres', schema: postgresSchema, dir: path.join(root, 'prisma', 'migrations', 'postgres') },
  ];
}

function latestSnapshot(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, SNAPSHOT))).sort();
  const last = names.at(-1);
  return last === undefined ? undefined : path.join(dir, last, SNAPSHOT);
}

/** Problems found; empty when everything agrees. */
export function checkDrift(): string[] {
  const problems: string[] = [];
  const expected = derivePostgres(fs.readFileSync(sqliteSchema, 'utf8'));
  if (!fs.existsSync(postgresSchema) || fs.readFileSync(postgresSchema, 'utf8') !== expected) {
    problems.push('prisma/postgres/schema.prisma differs from what prisma/schema.prisma derives: run npm run db:derive');
  }
  for (const p of providerDirs()) {
    const snap = latestSnapshot(p.dir);
    const current = fs.existsSync(p.schema) ? fs.readFileSync(p.schema, 'utf8') : '';
    if (!snap || fs.readFileSync(snap, 'utf8') !== current) {
      problems.push(`${p.provider}: the schema changed since the last migration: run npm run db:migration -- <name>`);
    }
  }
  return problems;
}

function newMigration(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('Migration name: lowercase letters, digits and _ only');
  fs.writeFileSync(postgresSchema, derivePostgres(fs.readFileSync(sqliteSchema, 'utf8')));
  const stamp = new Date().toISOString().replace(/[-:TZ.]/g, '').slice(0, 14);
  for (const p of providerDirs()) {
    const from = latestSnapshot(p.dir);
    const args = ['prisma', 'migrate', 'diff', ...(from ? ['--from-schema-datamodel', from] : ['--from-empty']), '--to-schema-datamodel', p.schema, '--script'];
    const sql = execFileSync('npx', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const dir = path.join(p.dir, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
    fs.copyFileSync(p.schema, path.join(dir, SNAPSHOT));
    console.log(`wrote ${path.relative(root, dir)}`);
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const [cmd, arg] = process.argv.slice(2);
  if (cmd === '--check') {
    const problems = checkDrift();
    for (const p of problems) console.error(p);
    process.exit(problems.length === 0 ? 0 : 1);
  } else if (cmd === '--new') {
    if (!arg) {
      console.error('usage: npm run db:migration -- <name>');
      process.exit(2);
    }
    newMigration(arg);
  } else {
    fs.writeFileSync(postgresSchema, derivePostgres(fs.readFileSync(sqliteSchema, 'utf8')));
    console.log('wrote prisma/postgres/schema.prisma');
  }
}
