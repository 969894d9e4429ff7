/** `npm start` with no tokens: the console adapter driven through a pipe, as a newcomer would after install. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/app';
import { runConsoleProcess } from '../helpers/console';
import { tempDir } from '../helpers/databases';
import { parseLine } from '../../bots/console/console-bot';

const dir = tempDir();

const runConsole = (lines: string[], env: Record<string, string> = {}) => runConsoleProcess(dir, `${lines.join('\n')}\n`, env);

describe('console adapter', () => {
  afterAll(() => undefined);

  it('GIVEN a fresh data folder WHEN a newcomer signs Bristol in Cantonese through a pipe THEN they get a receipt and keys are generated', async () => {
    const r = await runConsole(['/language yue', '/sign bristol-guangzhou', '1', '1', '陳大文', '1', 'bs1 5tr', '1'], { CONSOLE_LANGUAGE: 'yue' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('你好');
    expect(r.stdout).toContain('終止布里斯托同廣州嘅姊妹城市協議');
    expect(r.stdout).toContain('姓名: 陳大文');
    expect(r.stdout).toContain('簽咗喇');
    expect(r.stderr).toMatch(/BACK UP THIS FILE/);
  });

  it('GIVEN the same terminal user WHEN they sign again in English THEN they are told they already signed', async () => {
    const r = await runConsole(['/language en', '/sign bristol-guangzhou']);
    expect(r.stdout).toMatch(/You already signed/);
  });

  it('GIVEN `npm start` exactly as the README says WHEN /petitions is typed THEN the bundled bot answers', async () => {
    const r = await new Promise<{ stdout: string; code: number | null }>((resolve, reject) => {
      const child = spawn('npm', ['start', '--silent'], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: `file:${path.join(dir, 'petition.db')}`, DATA_DIR: dir, LOG_LEVEL: 'warn' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ stdout, code }));
      child.stdin.end('/petitions\n');
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sever sister city ties with China');
  });

  it('GIVEN a bad configuration THEN start-up stops with a message naming the variable', async () => {
    const r = await runConsole([], { CONVERSATION_IDLE_MINUTES: 'never' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('CONVERSATION_IDLE_MINUTES');
  });
});

describe('parseLine', () => {
  it('GIVEN numbers, commands and text THEN each becomes the right input', () => {
    const choices = [{ kind: 'action' as const, label: 'Yes', data: 'sg:el:x:y' }, { kind: 'deepLink' as const, label: 'Go', payload: 'sign-x' }];
    expect(parseLine('1', choices)).toEqual({ kind: 'button', data: 'sg:el:x:y' });
    expect(parseLine('2', choices)).toEqual({ kind: 'start', payload: 'sign-x' });
    expect(parseLine('/sign@bot bristol', choices)).toEqual({ kind: 'command', name: 'sign', args: 'bristol' });
    expect(parseLine('Chan Tai Man', choices)).toEqual({ kind: 'text', text: 'Chan Tai Man' });
    expect(parseLine('   ', choices)).toBeNull();
  });
});
