/** The console check from the issue: `printf '/twin Bristol\n' | npx tsx bots/main.ts` on a fresh data folder answers. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsoleProcess } from '../helpers/console';
import { tempDir } from '../helpers/databases';

const dir = tempDir();

const runConsole = (input: string) => runConsoleProcess(dir, input);

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
