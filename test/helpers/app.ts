/** Builds a real app (real database, real engine) for a test, with keys fixed so restarts see the same data. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createApp, loadConfig, silentLogger, type App, type AppOptions } from '../../src';
import { createTestDatabase, type Provider, type TestDatabase } from './databases';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export interface TestApp {
  app: App;
  db: TestDatabase;
  env: Record<string, string>;
  /** Closes the app and opens a new one on the same database: a restart. */
  restart(): Promise<App>;
  close(): Promise<void>;
}

export function testEnv(db: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    IDENTITY_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    PETITIONS_DIR: path.join(projectRoot, 'data', 'petitions'),
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

export async function createTestApp(provider: Provider, extraEnv: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase(provider);
  const env = testEnv(db, extraEnv);
  const open = () => createApp(loadConfig(env), { log: silentLogger, sweeper: false, ...options });
  let app = await open();
  const t: TestApp = {
    get app() {
      return app;
    },
    db,
    env,
    async restart() {
      await app.close();
      app = await open();
      return app;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
  return t;
}
