/** The console check from the issue: `printf '/twin Bristol\n' | npx tsx bots/main.ts` on a fresh data folder answers. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/app';
import { tempDir } from '../helpers/databases';

const dir = tempDir();

function runConsole(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bots/main.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${path.join(dir, 'petition.db')}`, DATA_DIR: dir, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

describe('twin status in the console', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a fresh data folder WHEN "/twin Bristol" is piped in THEN the answer, its source and a Sign choice are printed', async () => {
    const r = await runConsole('/twin Bristol\n/twin Bristl\n1\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Guangzhou 廣州 (Guangdong)');
    expect(r.stdout).toContain('Sister city since 2001');
    expect(r.stdout).toContain('✅ Still active');
    expect(r.stdout).toContain('Source: bristol.org.uk (https://www.bristol.org.uk/about/twin_cities/)');
    expect(r.stdout).toMatch(/\[1\] ✍️ Sign: Terminate the sister city deal/);
    expect(r.stdout).toContain('Did you mean');
    expect(r.stdout.match(/Sister city since 2001/g)).toHaveLength(2);
  }, 60_000);
});
