/** `npm start` with TELEGRAM_BOT_TOKEN set: bots/main.ts runs the Telegram adapter (not the console), serves /healthz, and stops cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram';
import { Member } from './driver';
import { freePort, makeTestDir, type TestDir } from './helpers';

let dir: TestDir;
let fake: FakeTelegram;

beforeAll(async () => {
  dir = makeTestDir('main');
  fake = await startFakeTelegram();
});
afterAll(async () => {
  await fake.close();
  dir.remove();
});

it('GIVEN TELEGRAM_BOT_TOKEN THEN npm start polls Telegram, answers, serves /healthz, and exits 0 on SIGTERM', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'bots/main.ts'], {
    env: {
      PATH: process.env.PATH,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_URL: dir.databaseUrl(),
      DATA_DIR: dir.root,
      PETITIONS_DIR: dir.petitionsDir,
      PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // deleteWebhook comes right before the first long poll (the fake records a poll only when it ends).
    await fake.waitForCall('deleteWebhook', undefined, 20_000);
    const reply = await new Member(fake, { id: 8_123_456_789, first_name: 'Zebediah', language_code: 'en' }).say('/help');
    expect(reply.params.text).toContain('/sign');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // The console adapter is not running: nothing on stdout.
    expect(stdout).toBe('');
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- bot stderr ---\n${stderr}`);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited, stderr).toBe(0);
  expect(stderr).toContain('shutting down');
  // No personal data in the log: neither the member's id nor their name.
  expect(stderr).not.toContain('8123456789');
  expect(stderr).not.toContain('Zebediah');
}, 30_000);
