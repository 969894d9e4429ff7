/** Privacy: what is stored, /mysignatures, /withdraw, /forget, and the database file holding no plaintext. */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { Member } from '../helpers/member';
import { toReview } from './helpers-flow';

describeEachDatabase('privacy', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => t?.close());

  async function allRowsText(): Promise<string> {
    const p = t.app.db.prisma;
    const rows = await Promise.all([
      p.signature.findMany(), p.memberPreference.findMany(), p.conversationState.findMany(), p.processedUpdate.findMany(), p.auditLog.findMany(),
    ]);
    return JSON.stringify(rows);
  }

  it('GIVEN a signature WHEN the database is read THEN it holds no raw user id, name, email or postcode', async () => {
    const m = new Member(() => t.app, '987654321');
    await m.deliver({ kind: 'start', payload: 'sign-uk-sever-sister-cities' });
    await m.press(/Sign this petition/);
    await m.press(/Yes/);
    await m.send('Wong Siu Ming');
    await m.send('wong.siuming@example.org');
    await m.send('EC1A 1BB');
    await m.press(/Confirm/);
    const text = await allRowsText();
    for (const secret of ['987654321', 'Wong Siu Ming', 'wong.siuming@example.org', 'EC1A 1BB']) expect(text).not.toContain(secret);
    const row = await t.app.db.prisma.signature.findFirstOrThrow({ where: { signerHash: t.app.engine.memberHash(m.event({ kind: 'text', text: '' })) } });
    expect(t.app.services.cipher.decrypt(row.nameEnc)).toBe('Wong Siu Ming');
  });

  it('GIVEN a draft in progress WHEN the state row is read THEN the draft is encrypted', async () => {
    const m = new Member(() => t.app);
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    await m.press(/Sign this petition/);
    await m.press(/Yes/);
    await m.send('Draft Secretname');
    expect(await allRowsText()).not.toContain('Secretname');
    await m.send('/cancel');
  });

  it.runIf(provider === 'sqlite')('GIVEN signatures on SQLite WHEN the file bytes are scanned THEN no plaintext name or email appears', async () => {
    const m = new Member(() => t.app);
    await toReview(m, 'Plaintext Hunter');
    await m.press(/Confirm/);
    await t.app.db.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    const file = t.db.url.replace(/^file:/, '');
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    for (const s of ['Plaintext Hunter', 'Wong Siu Ming', 'wong.siuming@example.org', 'BS1 5TR']) {
      expect(bytes.includes(Buffer.from(s, 'utf8'))).toBe(false);
    }
  });

  it('GIVEN signatures WHEN /mysignatures and /withdraw are used THEN the chosen one is deleted', async () => {
    const m = new Member(() => t.app);
    await toReview(m, 'Withdraw Person');
    await m.press(/Confirm/);
    await m.send('/mysignatures');
    expect(m.text()).toContain('Terminate the sister city deal');
    await m.send('/withdraw');
    await m.press(/Withdraw: Terminate/);
    await m.press(/Yes, withdraw/);
    expect(m.text()).toMatch(/has been deleted/);
    await m.send('/mysignatures');
    expect(m.text()).toMatch(/haven't signed any/);
  });

  it('GIVEN a member with data WHEN they /forget and confirm THEN no row about them remains and they get a receipt', async () => {
    const m = new Member(() => t.app);
    await toReview(m, 'Forget Me');
    await m.press(/Confirm/);
    await m.press(/Send me updates/);
    await m.send('/language yue');
    await m.send('/forget');
    expect(m.text()).toContain('1 個簽名');
    await m.press(/全部刪除/);
    expect(m.text()).toMatch(/收據編號 [0-9A-F]{8}/);
    const hash = t.app.engine.memberHash(m.event({ kind: 'text', text: '' }));
    const p = t.app.db.prisma;
    expect(await p.signature.count({ where: { signerHash: hash } })).toBe(0);
    expect(await p.memberPreference.count({ where: { memberHash: hash } })).toBe(0);
    expect(await p.conversationState.count({ where: { memberHash: hash } })).toBe(0);
    expect(await allRowsText()).not.toContain(hash);
  });

  it('GIVEN /forget WHEN the member cancels THEN nothing is erased', async () => {
    const m = new Member(() => t.app);
    await toReview(m, 'Keep Me');
    await m.press(/Confirm/);
    await m.send('/forget');
    await m.press(/Cancel/);
    await m.send('/mysignatures');
    expect(m.text()).toContain('Terminate the sister city deal');
  });
});
