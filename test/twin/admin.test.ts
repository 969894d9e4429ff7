/** `npm run admin -- twins …` on both databases: all-or-nothing import, export, status changes, audit, version bumps. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAdminCaptured } from '../helpers/admin';
import { parseTwinCsv, readTwinVersion, serializeTwinCsv, sortTwinLinks } from '../../src/twin';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { Member } from '../helpers/member';
import { csvText, link, links } from './fixtures';

describeEachDatabase('twins admin CLI', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, {}, { twins: { checkIntervalMs: 0 } });
  });
  afterAll(async () => t?.close());

  const admin = (args: string[]) => runAdminCaptured(args, t.env);

  const prisma = () => t.app.db.prisma;
  const version = () => readTwinVersion(prisma());
  const file = (name: string, text: string): string => {
    const p = path.join(t.db.dataDir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('GIVEN a fresh app THEN the shipped CSV is in the database, version 1, and the import is audited', async () => {
    expect(await prisma().twinLink.count()).toBe(links.length);
    expect(await version()).toBe(1);
    const entry = await prisma().auditLog.findFirst({ where: { action: 'twins.import' } });
    expect(entry).toMatchObject({ actor: 'setup' });
  });

  it('GIVEN export THEN the CSV holds every link and parses back to the same links', async () => {
    const out = path.join(t.db.dataDir, 'export.csv');
    const r = await admin(['twins', 'export', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote ${links.length} links`);
    const parsed = parseTwinCsv(fs.readFileSync(out, 'utf8'));
    expect(parsed.ok && parsed.links).toEqual(sortTwinLinks(links));
    const stdout = await admin(['twins', 'export']);
    expect(stdout.out.split('\n')[0]).toMatch(/^city,country,region_or_county,/);
  });

  it('GIVEN a malformed CSV WHEN imported THEN nothing changes and each bad row is named with its reason', async () => {
    const rowsBefore = await prisma().twinLink.count();
    const versionBefore = await version();
    const lines = csvText.trimEnd().split(/\r?\n/);
    // Good rows first, so a partial import would have written something.
    const bad = [
      ...lines.slice(0, 20),
      'Testville,United Kingdom,England,Guangzhou,廣州,Guangdong,sister,2001,maybe,,https://example.org,',
      'Otherville,United Kingdom,England,Guangzhou,Guangzhou,Guangdong,sister,1890,active,,not a url,',
      lines[1]!,
    ].join('\n');
    const r = await admin(['twins', 'import', file('bad.csv', bad)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Nothing imported');
    expect(r.err).toMatch(/row 21, status: must be one of active, ended/);
    expect(r.err).toMatch(/row 22, chinese_partner_zh: must be written in Chinese/);
    expect(r.err).toMatch(/row 22, since_year/);
    expect(r.err).toMatch(/row 22, source_url/);
    expect(r.err).toMatch(/row 23: repeats the city, country and partner of an earlier row \(first at row 2\)/);
    const broken = await admin(['twins', 'import', file('broken.csv', 'city,country\n"Bristol,United Kingdom\n')]);
    expect(broken.code).toBe(1);
    const empty = await admin(['twins', 'import', file('empty.csv', `${lines[0]}\n`)]);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('no links');
    expect((await admin(['twins', 'import', path.join(t.db.dataDir, 'missing.csv')])).code).toBe(1);
    expect((await admin(['twins', 'import'])).code).toBe(2);
    expect(await prisma().twinLink.count()).toBe(rowsBefore);
    expect(await version()).toBe(versionBefore);
  });

  it('GIVEN an edited file WHEN imported THEN the table matches it, the version moves once, the audit has counts only, and the bot answers from it', async () => {
    const before = await version();
    const edited = links
      .filter((l) => !(l.city === 'Baw Baw'))
      .map((l) => (l.city === 'Prague' && l.partner === 'Shanghai' ? { ...l, status: 'ended' as const, endedYear: 2021 } : l));
    edited.push(link({ city: 'Testville', sourceUrl: 'https://example.org/testville' }));
    const csv = file('edited.csv', serializeTwinCsv(edited));
    const dry = await admin(['twins', 'import', csv, '--dry-run']);
    expect(dry.out).toMatch(/dry run, nothing written: 1 to add, 1 to change, 1 to remove/);
    expect(await version()).toBe(before);
    const r = await admin(['twins', 'import', csv]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 added, 1 changed, 1 removed, \d+ unchanged/);
    expect(await version()).toBe(before + 1);
    expect(await prisma().twinLink.count()).toBe(links.length);
    const audit = await prisma().auditLog.findFirst({ where: { action: 'twins.import', actor: 'cli' } });
    expect(JSON.parse(audit!.details!)).toEqual({ added: 1, changed: 1, removed: 1, unchanged: links.length - 2, version: before + 1 });
    expect(audit!.subject).toBe('edited.csv');

    const m = new Member(() => t.app);
    await m.send('/twin Testville');
    expect(m.text()).toContain('Sister city since 2001');
    await m.send('/twin Prague');
    expect(m.text()).toContain('Ended in 2021');
    await m.send('/twin Baw Baw');
    expect(m.text()).toContain('I have no twin link on record');

    const again = await admin(['twins', 'import', csv]);
    expect(again.out).toContain('no changes');
    expect(await version()).toBe(before + 1);
    // Back to the shipped data for the tests that follow.
    expect((await admin(['twins', 'import', file('shipped.csv', csvText)])).code).toBe(0);
  });

  it('GIVEN a council vote WHEN the status is recorded THEN the link changes, the old source stays in the notes, and it is audited', async () => {
    const before = await version();
    const r = await admin(['twins', 'status', 'Birmingham', 'United Kingdom', 'Guangzhou', 'ended', '--source', 'https://example.org/vote', '--ended', '2026', '--note', 'Council vote of 1 Mar 2026']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Birmingham (United Kingdom) – Guangzhou: active → ended (2026)');
    const row = await prisma().twinLink.findFirst({ where: { city: 'Birmingham', partner: 'Guangzhou' } });
    expect(row).toMatchObject({ status: 'ended', endedYear: 2026, sourceUrl: 'https://example.org/vote' });
    expect(row!.notes).toMatch(/^Council vote of 1 Mar 2026 \(status ended; https:\/\/example.org\/vote\)\. Earlier source: https:\/\//);
    expect(await version()).toBe(before + 1);
    const audit = await prisma().auditLog.findFirst({ where: { action: 'twins.status' } });
    expect(audit).toMatchObject({ actor: 'cli', subject: 'Birmingham (United Kingdom) – Guangzhou' });
    expect(JSON.parse(audit!.details!)).toMatchObject({ from: 'active', to: 'ended', endedYear: 2026 });

    const same = await admin(['twins', 'status', 'Birmingham', 'United Kingdom', 'Guangzhou', 'ended', '--source', 'https://example.org/vote']);
    expect(same.out).toContain('no change');
    expect(await version()).toBe(before + 1);
  });

  it('GIVEN bad status arguments THEN nothing changes and the reason is given', async () => {
    const before = await version();
    const unknown = await admin(['twins', 'status', 'Bristol', 'UK', 'Guangzhou', 'ended', '--source', 'https://example.org/x']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Bristol | United Kingdom | Guangzhou');
    const badArgs = await admin(['twins', 'status', 'Bristol', 'United Kingdom', 'Guangzhou', 'over', '--source', 'ftp://x', '--ended', '22']);
    expect(badArgs.code).toBe(2);
    expect(badArgs.err).toMatch(/status: must be one of/);
    expect(badArgs.err).toMatch(/--source: must be an http\(s\) URL/);
    expect(badArgs.err).toMatch(/--ended: must be a four-digit year/);
    const rule = await admin(['twins', 'status', 'Bristol', 'United Kingdom', 'Guangzhou', 'active', '--source', 'https://example.org/x', '--ended', '2020']);
    expect(rule.code).toBe(1);
    expect(rule.err).toContain('ended_year is only allowed when the status is ended or suspended');
    const noSource = await admin(['twins', 'status', 'Bristol', 'United Kingdom', 'Guangzhou', 'ended']);
    expect(noSource.code).toBe(2);
    expect(await version()).toBe(before);
    expect(await prisma().twinLink.findFirst({ where: { city: 'Bristol' } })).toMatchObject({ status: 'active' });
  });
});
