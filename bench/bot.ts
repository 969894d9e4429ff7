/** Starts the real bot (bots/main.ts, as `npm start` runs it) or the bare grammY bot as a child, wired to the fake Telegram. */
import { execFileSync } from 'node:child_process';
import { projectRoot } from './child';
import { randomBytes } from 'node:crypto';
import type { FakeTelegram } from '../test/fakes/telegram';
import { Child, freePort } from './child';
import type { BenchDatabase } from './databases';

export interface Keys {
  IDENTITY_SECRET: string;
  ENCRYPTION_KEY: string;
}

export function newKeys(): Keys {
  return { IDENTITY_SECRET: randomBytes(32).toString('hex'), ENCRYPTION_KEY: randomBytes(32).toString('hex') };
}

export interface Webhook {
  url: string;
  secret: string;
  port: number;
}

export async function newWebhook(): Promise<Webhook> {
  const port = await freePort();
  return { url: `http://127.0.0.1:${port}/telegram/webhook`, secret: randomBytes(24).toString('base64url'), port };
}

/** The environment of `npm start` for a webhook-mode Telegram bot on this database. */
export function botEnv(fake: FakeTelegram, db: BenchDatabase, keys: Keys, webhook: Webhook | undefined, logLevel = 'warn'): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    ...keys,
    HTTP_HOST: '127.0.0.1',
    PORT: String(webhook?.port ?? 0),
    LOG_LEVEL: logLevel,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...(webhook ? { TELEGRAM_WEBHOOK_URL: webhook.url, TELEGRAM_WEBHOOK_SECRET: webhook.secret } : {}),
  };
}

let built = false;

/** Builds dist/ once per bench run, exactly as `npm start` does before it runs the bot. */
function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot, stdio: 'inherit' });
  built = true;
}

/** The real bot as `npm start` runs it: the esbuild bundle on plain node. */
export function startRealBot(env: Record<string, string>, nodeFlags?: string[]): Child {
  ensureBuilt();
  return Child.start({ script: 'dist/main.mjs', env, nodeFlags });
}

export function startBareBot(fake: FakeTelegram, webhook: Webhook, nodeFlags?: string[]): Child {
  const config = { token: fake.token, apiRoot: fake.apiRoot, port: webhook.port, url: webhook.url, secret: webhook.secret };
  return Child.start({ script: 'bench/bare-bot.ts', args: [JSON.stringify(config)], env: {}, nodeFlags });
}

/**
 * Resolves when the bot has called setWebhook: it is listening and ready for updates. Rejects, with the
 * child's log, if it exits first or takes longer than timeoutMs.
 */
export async function webhookSet(fake: FakeTelegram, child: Child, timeoutMs = 120_000): Promise<number> {
  const exited = child.exited.then(({ code, signal }) => {
    throw new Error(`bot exited during start-up (code ${code}, signal ${signal}):\n${child.log}`);
  });
  const call = await Promise.race([fake.waitForCall('setWebhook', undefined, timeoutMs), exited]);
  return call.at;
}

/** Stops the fake from delivering queued updates itself: from now on the bench POSTs every update. */
export async function takeOverDelivery(fake: FakeTelegram): Promise<void> {
  const response = await fetch(`${fake.apiRoot}/bot${fake.token}/deleteWebhook`, { method: 'POST' });
  if (!response.ok) throw new Error(`deleteWebhook on the fake answered ${response.status}`);
}
