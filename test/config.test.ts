/** Configuration: defaults, and one message naming every bad variable. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { projectRoot } from './helpers/app';

describe('loadConfig', () => {
  it('GIVEN an empty environment THEN the embedded SQLite default and the console are used', () => {
    const c = loadConfig({});
    expect(c.databaseProvider).toBe('sqlite');
    expect(c.databaseUrl).toBe('file:./data/petition.db');
    expect(c.telegram).toBeUndefined();
    expect(c.discord).toBeUndefined();
  });

  it('GIVEN several bad variables THEN one error names each of them', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', CONVERSATION_IDLE_MINUTES: 'soon', ENCRYPTION_KEY: 'short', TELEGRAM_BOT_TOKEN: 'nope', DISCORD_BOT_TOKEN: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ['DATABASE_URL', 'CONVERSATION_IDLE_MINUTES', 'ENCRYPTION_KEY', 'TELEGRAM_BOT_TOKEN', 'DISCORD_APPLICATION_ID']) expect(message).toContain(name);
    }
  });

  it('GIVEN src/ THEN only config.ts reads process.env', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, d.name);
        if (d.isDirectory()) {
          if (d.name !== 'generated') walk(p);
        } else if (p.endsWith('.ts') && !p.endsWith(path.join('src', 'config.ts')) && fs.readFileSync(p, 'utf8').includes('process.env')) offenders.push(p);
      }
    };
    walk(path.join(projectRoot, 'src'));
    expect(offenders).toEqual([]);
  });

  it('GIVEN .env.example THEN it documents every variable the schema reads', () => {
    const source = fs.readFileSync(path.join(projectRoot, 'src', 'config.ts'), 'utf8');
    const schemaVars = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);
    const example = fs.readFileSync(path.join(projectRoot, '.env.example'), 'utf8');
    expect(schemaVars.length).toBeGreaterThan(10);
    expect(schemaVars.filter((v) => !new RegExp(`^#?\\s*${v}=`, 'm').test(example))).toEqual([]);
  });
});
