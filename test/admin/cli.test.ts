/** The admin command line on both databases: petitions, export (decrypted, audited, refused without keys), stats. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runAdminCaptured } from '../helpers/admin';
import { csvField } from '../../src/admin/commands/export';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { Member } from '../helpers/member';
import { toReview } from '../engine/helpers-flow';

describeEachDatabase('admin CLI', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
    const m = new Member(() => t.app);
    await toReview(m, 'Exported Person');
    await m.press(/Confirm/);
  });
  afterAll(async () => t?.close());

  const admin = (args: string[], env: Record<string, string> = t.env) => runAdminCaptured(args, env);

  it('GIVEN petitions WHEN listed, closed and opened THEN status changes and an audit entry is written', async () => {
    expect((await admin(['petitions', 'list'])).out).toMatch(/bristol-guangzhou\topen\t1\/2000/);
    expect((await admin(['petitions', 'close', 'bristol-guangzhou'])).code).toBe(0);
    // The running bot caches petitions and looks for changes every few seconds: let that time pass.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 5000);
      const m = new Member(() => t.app);
      await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
      expect(m.text()).toMatch(/not open for signing/);
    } finally {
      vi.useRealTimers();
    }
    expect((await admin(['petitions', 'open', 'bristol-guangzhou'])).code).toBe(0);
    expect((await admin(['petitions', 'open', 'no-such'])).code).toBe(1);
    const audit = await t.app.db.prisma.auditLog.findMany({ where: { action: { startsWith: 'petitions.' } } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['petitions.close', 'petitions.open']));
  });

  it('GIVEN the key WHEN exporting THEN the CSV holds the decrypted name and postcode, and the export is audited', async () => {
    const file = path.join(t.db.dataDir, 'export.csv');
    const r = await admin(['export', 'bristol-guangzhou', '--out', file]);
    expect(r.code).toBe(0);
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv).toMatch(/^name,email,postcode,signed_at_utc,platform,language\r\nExported Person,,BS1 5TR,\d{4}-/);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(await t.app.db.prisma.auditLog.count({ where: { action: 'signatures.export' } })).toBe(1);
  });

  it('GIVEN no key WHEN exporting THEN it refuses and writes nothing', async () => {
    const env = { ...t.env, ENCRYPTION_KEY: '', IDENTITY_SECRET: '', DATA_DIR: path.join(t.db.dataDir, 'empty') };
    const r = await admin(['export', 'bristol-guangzhou'], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Refusing to export/);
    expect(r.out).toBe('');
  });

  it('GIVEN a bad petition file WHEN imported THEN nothing changes and the problems are listed', async () => {
    const bad = path.join(t.db.dataDir, 'bad.yaml');
    fs.writeFileSync(bad, 'slug: Bad Slug\ngoal: -1\n');
    const r = await admin(['petitions', 'import', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Nothing imported/);
    expect(r.err).toMatch(/slug/);
    expect(r.err).toMatch(/goal/);
  });

  it('GIVEN signatures WHEN stats THEN counts per petition, platform and day are shown', async () => {
    const r = await admin(['stats']);
    expect(r.out).toMatch(/bristol-guangzhou: 1 of 2000/);
    expect(r.out).toMatch(/telegram 1/);
  });

  it('GIVEN an unknown command or bad config THEN the exit code says so', async () => {
    expect((await admin(['frobnicate'])).code).toBe(2);
    expect((await admin(['stats'], { ...t.env, DATABASE_URL: 'mysql://x' })).code).toBe(78);
  });
});

it('GIVEN a formula-looking value THEN the CSV defuses it', () => {
  expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  expect(csvField('陳大文')).toBe('陳大文');
});
