/** Test helpers for the Telegram adapter: apps on fresh SQLite files, petitions with awkward data, a free port. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, loadConfig, silentLogger, type App } from '../../../src';

const shippedPetitions = path.resolve('data', 'petitions');

/** A petition whose data holds & < > and a quote, to prove data strings are escaped. */
const TRICKY = `slug: tricky-data
status: open
goal: 50
recipient: "Tom & Jerry <Council> \\"quoted\\""
askEmail: none
askPostcode: none
opensAt: 2026-01-01
title:
  en: "Cats & Dogs <b>not bold</b>"
  yue: "貓 & 狗 <b>唔係粗體</b>"
summary:
  en: "A < B > C & D"
  yue: "甲 < 乙 > 丙 & 丁"
text:
  en: "Full text with <script>alert(1)</script> & more"
  yue: "全文 <script>alert(1)</script> & 其他"
eligibility:
  en: "I like <i>cats</i> & dogs"
  yue: "我鍾意 <i>貓</i> & 狗"
`;

export interface TestDir {
  root: string;
  petitionsDir: string;
  /** A new database URL each call, so update ids from a new fake never look like replays. */
  databaseUrl(): string;
  remove(): void;
}

export function makeTestDir(label: string): TestDir {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `tg-${label}-`));
  const petitionsDir = path.join(root, 'petitions');
  fs.mkdirSync(petitionsDir);
  for (const file of fs.readdirSync(shippedPetitions)) fs.copyFileSync(path.join(shippedPetitions, file), path.join(petitionsDir, file));
  fs.writeFileSync(path.join(petitionsDir, 'tricky-data.yaml'), TRICKY);
  let n = 0;
  return {
    root,
    petitionsDir,
    databaseUrl: () => `file:${path.join(root, `db-${++n}.db`)}`,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export async function makeApp(dir: TestDir, env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    DATABASE_URL: dir.databaseUrl(),
    DATA_DIR: dir.root,
    PETITIONS_DIR: dir.petitionsDir,
    LOG_LEVEL: 'silent',
    HTTP_HOST: '127.0.0.1',
    PORT: '0',
    ...env,
  });
  return createApp(config, { log: silentLogger, sweeper: false });
}

/** A port that was free a moment ago (the webhook URL must name the port before the server listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
