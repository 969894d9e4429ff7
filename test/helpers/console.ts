/** Runs `bots/main.ts` (the console, no tokens) as a child process with piped input, as a newcomer's terminal would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './app';

export interface ConsoleRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

export function runConsoleProcess(dataDir: string, input: string, env: Record<string, string> = {}): Promise<ConsoleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bots/main.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${path.join(dataDir, 'petition.db')}`, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
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
