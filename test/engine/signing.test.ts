/** The signing flow end to end through the engine with plain events, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { Member } from '../helpers/member';

describeEachDatabase('signing flow', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => t?.close());

  const signatures = () => t.app.db.prisma.signature.count();

  it('GIVEN an English member WHEN they sign Bristol THEN one signature is stored and a receipt is shown', async () => {
    const m = new Member(() => t.app, undefined, { clientLanguage: 'en-GB' });
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    expect(m.text()).toContain('Terminate the sister city deal between Bristol and Guangzhou');
    await m.press(/Sign this petition/);
    expect(m.text()).toContain('I live, work or study in Bristol');
    await m.press(/Yes/);
    expect(m.last.replies[0]).toMatchObject({ kind: 'ask', field: 'name' });
    await m.send('Chan Tai Man');
    expect(m.text()).toMatch(/email address/);
    await m.press(/Skip/);
    await m.send('bs1 5tr');
    expect(m.text()).toContain('Name: Chan Tai Man');
    expect(m.text()).toContain('Postcode: BS1 5TR');
    await m.press(/Confirm/);
    expect(m.text()).toMatch(/Signed!/);
    expect(m.text()).toContain('1 signature');
    const receipt = m.last.replies.find((r) => r.kind === 'message');
    expect(receipt).toMatchObject({ protect: true });
    expect(JSON.stringify(receipt)).toContain('"payload":"sign-bristol-guangzhou"');
    expect(await signatures()).toBe(1);
  });

  it('GIVEN a Chinese-language client WHEN it signs THEN every step is in Cantonese', async () => {
    const m = new Member(() => t.app, undefined, { clientLanguage: 'zh-hant' });
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    expect(m.text()).toContain('終止布里斯托同廣州嘅姊妹城市協議');
    await m.press(/簽呢份聯署/);
    await m.press(/係，我符合/);
    expect(m.text()).toContain('你嘅<b>全名</b>係'.replace(/<\/?b>/g, ''));
    await m.send('陳大文');
    await m.press(/略過/);
    await m.send('BS16 1QY');
    expect(m.text()).toContain('姓名: 陳大文'.replace(': ', ': '));
    await m.press(/確認並簽名/);
    expect(m.text()).toContain('簽咗喇');
    expect(m.last.lang).toBe('yue');
  });

  it('GIVEN a signed member WHEN they start the same petition again THEN they are told when and offered withdrawal', async () => {
    const m = new Member(() => t.app);
    await m.deliver({ kind: 'start', payload: 'sign-uk-sever-sister-cities' });
    await m.press(/Sign this petition/);
    await m.press(/Yes/);
    await m.send('Jane Doe');
    await m.send('Jane@Example.COM');
    expect(m.text()).toMatch(/postcode/i);
    await m.press(/Skip/);
    expect(m.text()).toContain('Email: Jane@example.com');
    await m.press(/Confirm/);
    await m.send('/sign uk-sever-sister-cities');
    expect(m.text()).toMatch(/already signed .* on \d{1,2} \w+ \d{4}/);
    expect(m.button(/Withdraw/)).toBeTruthy();
  });

  it('GIVEN the review WHEN the member corrects the name THEN the review shows the new name', async () => {
    const m = new Member(() => t.app);
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    await m.press(/Sign this petition/);
    await m.press(/Yes/);
    await m.send('Wrong Name');
    await m.press(/Skip/);
    await m.send('BS1 5TR');
    await m.press(/Name/);
    expect(m.last.replies[0]).toMatchObject({ kind: 'ask', field: 'name' });
    await m.send('Right Name');
    expect(m.text()).toContain('Name: Right Name');
    expect(m.text()).not.toContain('Wrong Name');
  });

  it('GIVEN any step WHEN the member types /cancel THEN nothing is stored and the flow ends', async () => {
    const m = new Member(() => t.app);
    const before = await signatures();
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    await m.press(/Sign this petition/);
    await m.press(/Yes/);
    await m.send('Someone Cancelled');
    await m.send('/cancel');
    expect(m.text()).toMatch(/Cancelled/);
    await m.send('BS1 5TR');
    expect(m.text()).toMatch(/didn't understand/);
    expect(await signatures()).toBe(before);
  });

  it('GIVEN a member not eligible WHEN they say no THEN nothing is asked or stored', async () => {
    const m = new Member(() => t.app);
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    await m.press(/Sign this petition/);
    await m.press(/^No$/);
    expect(m.text()).toMatch(/haven't recorded anything/);
    expect(m.last.replies.some((r) => r.kind === 'ask')).toBe(false);
  });

  it('GIVEN a group chat WHEN /sign or /petitions is used THEN it points to the private chat and asks nothing', async () => {
    const m = new Member(() => t.app, undefined, { chatKind: 'group' });
    await m.send('/sign bristol-guangzhou');
    expect(m.last.replies).toHaveLength(1);
    expect(m.last.replies[0]).toMatchObject({ kind: 'privateOnly', payload: 'sign-bristol-guangzhou' });
    await m.send('/petitions');
    expect(m.buttons().every((b) => b.kind === 'deepLink')).toBe(true);
    await m.send('/mysignatures');
    expect(m.last.replies[0]).toMatchObject({ kind: 'privateOnly' });
    await m.send('Chan Tai Man');
    expect(m.last.replies).toHaveLength(0);
  });

  it('GIVEN a form-capable adapter WHEN the member submits the form THEN invalid fields are explained and valid ones kept', async () => {
    const m = new Member(() => t.app, undefined, { forms: true });
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    await m.press(/Sign this petition/);
    await m.press(/Yes/);
    const form = m.last.replies.find((r) => r.kind === 'form');
    expect(form).toBeDefined();
    if (form?.kind !== 'form') throw new Error('no form');
    expect(form.fields.map((f) => [f.id, f.required])).toEqual([['name', true], ['email', false], ['postcode', true]]);
    await m.deliver({ kind: 'form', formId: form.formId, values: { name: '<b>x</b>', email: '', postcode: 'BS1 5TR' } });
    expect(m.text()).toMatch(/without formatting/);
    await m.press(/Fix my details/);
    const again = m.last.replies.find((r) => r.kind === 'form');
    if (again?.kind !== 'form') throw new Error('no form');
    expect(again.fields.find((f) => f.id === 'postcode')?.value).toBe('BS1 5TR');
    expect(again.fields.find((f) => f.id === 'name')?.value).toBeUndefined();
    await m.deliver({ kind: 'form', formId: again.formId, values: { name: 'Lee Wai Man', email: '', postcode: 'BS1 5TR' } });
    expect(m.text()).toContain('Name: Lee Wai Man');
    await m.press(/Confirm/);
    expect(m.text()).toMatch(/Signed!/);
  });

  describe('petitions list', () => {
    it('GIVEN open petitions WHEN /petitions THEN each shows its count and a progress bar', async () => {
      const m = new Member(() => t.app);
      await m.send('/petitions');
      expect(m.text()).toMatch(/signatures? of 2,000 [▓░]{10} \d+%/);
      expect(m.buttons()).toHaveLength(2);
    });
  });
});

describeEachDatabase('signing with forms', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => t?.close());

  it('GIVEN a member who closed the form WHEN they tap Yes again THEN the form opens again', async () => {
    const m = new Member(() => t.app, undefined, { forms: true });
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    await m.press(/Sign this petition/);
    const eligibility = m.button(/Yes/);
    await m.press(/Yes/);
    expect(m.last.replies.some((r) => r.kind === 'form')).toBe(true);
    m.last = { replies: [{ kind: 'message', text: [], buttons: [[eligibility]] }], lang: 'en' };
    await m.press(/Yes/);
    expect(m.last.replies.some((r) => r.kind === 'form')).toBe(true);
  });
});
