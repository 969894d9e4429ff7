/** /twin through the engine with plain events, on SQLite and PostgreSQL: golden answers, buttons, groups, deep links, rebuilds. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Button, Reply, Span } from '../../src';
import { START_PAYLOAD } from '../../src';
import { runAdmin } from '../../src/admin/cli';
import { DEFAULT_TWIN_CHECK_MS } from '../../src/twin';
import { describeEachDatabase } from '../helpers/databases';
import { createTestApp, type TestApp } from '../helpers/app';
import { Member } from '../helpers/member';
import { index } from './fixtures';

function spans(replies: Reply[]): Span[] {
  return replies.flatMap((r) => ('text' in r && typeof r.text !== 'string' ? [...r.text] : []));
}

function actionData(buttons: Button[]): string[] {
  return buttons.flatMap((b) => (b.kind === 'action' ? [b.data] : []));
}

describeEachDatabase('twin status through the engine', (provider) => {
  let t: TestApp;
  // A hand-turned clock for the twin index's version checks.
  let now = 0;
  beforeAll(async () => {
    t = await createTestApp(provider, {}, { twins: { clock: () => now } });
  });
  afterAll(async () => t?.close());

  const en = () => new Member(() => t.app, undefined, { clientLanguage: 'en-GB' });
  const yue = () => new Member(() => t.app, undefined, { clientLanguage: 'zh-HK' });

  it('GIVEN "/twin Bristol" THEN Guangzhou, sister city since 2001, still active, with its source and a Sign button that starts the petition', async () => {
    const m = en();
    await m.send('/twin Bristol');
    expect(m.last.replies).toHaveLength(1);
    const text = m.text();
    expect(text).toContain('Bristol');
    expect(text).toContain('Guangzhou 廣州 (Guangdong)');
    expect(text).toContain('Sister city since 2001');
    expect(text).toContain('✅ Still active');
    expect(text).not.toContain('2,001');
    const source = spans(m.last.replies).find((s) => s.kind === 'link');
    expect(source).toMatchObject({ kind: 'link', url: expect.stringMatching(/^https:\/\/www\.bristol\.org\.uk\//) });
    const sign = m.button(/Sign/);
    expect(sign).toMatchObject({ kind: 'action', data: 'sg:go:bristol-guangzhou' });
    await m.press(/Sign/);
    expect(m.text()).toContain('Terminate the sister city deal between Bristol and Guangzhou');
    expect(m.button(/Sign this petition/)).toBeTruthy();
  });

  it('GIVEN "/twin Newcastle" THEN Newcastle upon Tyne, Taiyuan ended in 2022', async () => {
    const m = en();
    await m.send('/twin Newcastle');
    expect(m.text()).toContain('Newcastle upon Tyne');
    expect(m.text()).toMatch(/Taiyuan 太原 \(Shanxi\)\n\s+Sister city since 1985\n\s+❌ Ended in 2022/);
    expect(m.buttons().some((b) => b.label.includes('Sign'))).toBe(false);
  });

  it('GIVEN "/twin Prague" THEN Beijing ended in 2019 and Shanghai suspended since 2020', async () => {
    const m = en();
    await m.send('/twin Prague');
    expect(m.text()).toMatch(/Beijing 北京[^\n]*\n\s+Sister city since 2016\n\s+❌ Ended in 2019/);
    expect(m.text()).toMatch(/Shanghai 上海[^\n]*\n\s+Sister city since 2017\n\s+⏸️ Suspended since 2020/);
  });

  it('GIVEN Chinese names, Traditional or Simplified THEN the same places answer, in Cantonese with the Chinese name first', async () => {
    const m = yue();
    await m.send('/twin 布里斯托');
    expect(m.last.lang).toBe('yue');
    expect(m.text()).toContain('布里斯托 Bristol');
    expect(m.text()).toContain('廣州 Guangzhou');
    expect(m.text()).toContain('姊妹城市，由 2001 年開始');
    expect(m.text()).toContain('✅ 仍然生效');
    expect(m.text()).toContain('資料來源');
    expect(m.button(/簽/)).toMatchObject({ data: 'sg:go:bristol-guangzhou' });
    await m.send('/twin 纽卡斯尔');
    expect(m.text()).toContain('Newcastle upon Tyne');
    expect(m.text()).toContain('太原 Taiyuan');
    expect(m.text()).toContain('2022 年已經終止');
  });

  it('GIVEN typos THEN "did you mean" buttons answer when pressed', async () => {
    const m = en();
    await m.send('/twin Bristl');
    expect(m.text()).toContain('I couldn\'t find “Bristl”. Did you mean');
    expect(m.button(/^Bristol, United Kingdom$/)).toMatchObject({ kind: 'action', data: 'tw:id:gb-bristol' });
    await m.press(/^Bristol/);
    expect(m.text()).toContain('Sister city since 2001');
    await m.send('/twin Newcastel upon Tyne');
    await m.press(/Newcastle upon Tyne/);
    expect(m.text()).toContain('Ended in 2022');
  });

  it('GIVEN a name several places share THEN a choice of buttons, each answering its own place', async () => {
    const m = en();
    await m.send('/twin London');
    expect(m.text()).toContain('could be more than one place');
    const data = actionData(m.buttons());
    expect(data).toEqual(expect.arrayContaining(['tw:id:gb-london', 'tw:id:ca-london']));
    await m.press(/London, Canada/);
    expect(m.text()).toContain('London · Canada');
  });

  it('GIVEN a link only listed on Wikipedia THEN it says so in both languages and never states a status as fact', async () => {
    const m = en();
    await m.send('/twin Baw Baw');
    expect(m.text()).toContain('⚠️ Listed on Wikipedia, status not verified');
    expect(m.text()).not.toMatch(/Still active|Ended|Current status not confirmed/);
    const c = yue();
    await c.send('/twin Baw Baw');
    expect(c.text()).toContain('⚠️ 維基百科有列出，現況未經核實');
    expect(c.text()).not.toContain('仍然生效');
  });

  it('GIVEN a place with no link THEN it says so and offers /twin with a country to browse', async () => {
    const m = en();
    await m.send('/twin Nowhereville');
    expect(m.text()).toContain('I have no twin link on record for “Nowhereville”');
    expect(m.text()).toContain('/twin United Kingdom');
    expect(actionData(m.buttons())).toContain('tw:p:gb:1');
    await m.press(/United Kingdom/);
    expect(m.text()).toContain('Bristol');
  });

  it('GIVEN a city in China, in English or Chinese THEN every place twinned with it is listed, each a button', async () => {
    const m = en();
    await m.send('/twin Guangzhou');
    expect(m.text()).toContain('Guangzhou 廣州 (Guangdong)');
    expect(m.text()).toMatch(/Bristol<?\b.*United Kingdom: Sister city since 2001 · ✅ Still active · source/);
    expect(actionData(m.buttons())).toContain('tw:id:gb-bristol');
    const c = yue();
    await c.send('/twin 廣州');
    expect(c.text()).toContain('布里斯托 Bristol（英國）');
    await c.press(/^布里斯托$/);
    expect(c.text()).toContain('布里斯托 Bristol');
  });

  it('GIVEN "/twin UK" THEN counts by status and a paged list with next and previous buttons', async () => {
    const expected = index.resolveCountry('gb');
    if (expected.kind !== 'country') throw new Error('no UK in the data');
    const pages = Math.ceil(expected.places.length / 8);
    const m = en();
    await m.send('/twin UK');
    expect(m.text()).toContain('🇬🇧 United Kingdom');
    expect(m.text()).toContain(`✅ Still active: ${expected.counts.active}`);
    expect(m.text()).toContain(`❌ Ended: ${expected.counts.ended}`);
    expect(m.text()).toContain(`⚠️ Listed on Wikipedia only, status not verified: ${expected.unverifiedCount}`);
    expect(m.text()).toContain(`Page 1 of ${pages}`);
    const first = actionData(m.buttons()).filter((d) => d.startsWith('tw:id:'));
    expect(first).toHaveLength(8);
    expect(m.button(/Next/)).toMatchObject({ data: 'tw:p:gb:2' });
    expect(m.buttons().some((b) => /Previous/.test(b.label))).toBe(false);
    await m.press(/Next/);
    expect(m.last.replies[0]).toMatchObject({ kind: 'message', edit: true });
    expect(m.text()).toContain(`Page 2 of ${pages}`);
    const second = actionData(m.buttons()).filter((d) => d.startsWith('tw:id:'));
    expect(second.some((d) => first.includes(d))).toBe(false);
    expect(m.button(/Previous/)).toMatchObject({ data: 'tw:p:gb:1' });
    await m.deliver({ kind: 'button', data: `tw:p:gb:${pages + 5}` });
    expect(m.text()).toContain(`Page ${pages} of ${pages}`);
    expect(m.buttons().some((b) => /Next/.test(b.label))).toBe(false);
    for (const query of ['/twin United Kingdom', '/twin 英國']) {
      await m.send(query);
      expect(m.text()).toContain(`Page 1 of ${pages}`);
    }
    await m.send('/twin Sweden');
    expect(m.text()).toContain('Sweden');
  });

  it('GIVEN a group WHEN /twin is used THEN it answers in the group, with no private-only reply and a deep link to sign', async () => {
    const m = new Member(() => t.app, undefined, { chatKind: 'group' });
    await m.send('/twin Bristol');
    expect(m.last.replies.map((r) => r.kind)).toEqual(['message']);
    expect(m.text()).toContain('Sister city since 2001');
    expect(m.button(/Sign/)).toMatchObject({ kind: 'deepLink', payload: 'sign-bristol-guangzhou' });
    await m.send('/twin UK');
    await m.press(/Next/);
    expect(m.last.replies.map((r) => r.kind)).toEqual(['message']);
    await m.press(/^Cardiff|^Derby|^Edinburgh|^[A-Z]/);
    expect(m.last.replies.map((r) => r.kind)).toEqual(['message']);
    await m.send('/twin');
    expect(m.last.replies.map((r) => r.kind)).toEqual(['message']);
  });

  it('GIVEN /twin with no argument THEN a short prompt with country buttons, and no conversation state', async () => {
    const m = en();
    const states = await t.app.db.prisma.conversationState.count();
    await m.send('/twin');
    expect(m.text()).toContain('Which place do you want to check?');
    expect(m.buttons()[0]).toMatchObject({ data: 'tw:p:gb:1' });
    expect(m.buttons().length).toBeGreaterThanOrEqual(5);
    await m.press(/Sweden/);
    expect(m.text()).toContain('Sweden');
    expect(await t.app.db.prisma.conversationState.count()).toBe(states);
  });

  it('GIVEN a signing flow in progress WHEN the member asks /twin THEN the flow carries on where it was', async () => {
    const m = en();
    await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
    await m.press(/Sign this petition/);
    await m.press(/Yes/);
    expect(m.last.replies[0]).toMatchObject({ kind: 'ask', field: 'name' });
    await m.send('/twin Bristol');
    expect(m.text()).toContain('Still active');
    await m.press(/More in United Kingdom/);
    await m.send('Chan Tai Man');
    expect(m.text()).toMatch(/email address/);
  });

  it('GIVEN the twin-<placeId> deep link THEN that place is answered', async () => {
    const m = en();
    expect(START_PAYLOAD.test('twin-gb-bristol')).toBe(true);
    await m.deliver({ kind: 'start', payload: 'twin-gb-bristol' });
    expect(m.text()).toContain('Sister city since 2001');
    await m.deliver({ kind: 'start', payload: 'twin-gb-newcastle-on-tyne' });
    expect(m.text()).toContain('Ended in 2022');
    await m.deliver({ kind: 'start', payload: 'twin-prague' });
    expect(m.text()).toContain('Suspended since 2020');
  });

  it('GIVEN stale or forged button data THEN a quiet notice, nothing thrown', async () => {
    const m = en();
    await m.deliver({ kind: 'button', data: 'tw:id:gb-atlantis' });
    expect(m.last.replies).toEqual([{ kind: 'notice', text: expect.stringContaining('no longer in the list') }]);
    await m.deliver({ kind: 'button', data: 'tw:zz' });
    expect(m.last.replies[0]).toMatchObject({ kind: 'notice' });
    await m.deliver({ kind: 'button', data: 'tw:p:gb:abc' });
    expect(m.text()).toContain('Page 1 of');
  });

  it('GIVEN every answer so far THEN the twin command is in the menu with its optional place argument', () => {
    const spec = t.app.engine.commandSpecs().find((s) => s.name === 'twin');
    expect(spec).toMatchObject({ scope: 'all', argument: { name: 'place', required: false } });
  });

  it('GIVEN a running app WHEN an admin records a new status THEN the next lookup after the check interval shows it', async () => {
    const m = en();
    await m.send('/twin Bristol');
    expect(m.text()).toContain('Still active');
    const out: string[] = [];
    const code = await runAdmin(
      ['twins', 'status', 'Bristol', 'United Kingdom', 'Guangzhou', 'ended', '--source', 'https://example.org/bristol-council-vote', '--ended', '2026'],
      t.env,
      { out: (l) => out.push(l), err: (l) => out.push(l) },
    );
    expect(code).toBe(0);
    // Within the interval the version is not even read: the old index answers.
    await m.send('/twin Bristol');
    expect(m.text()).toContain('Still active');
    now += DEFAULT_TWIN_CHECK_MS;
    await m.send('/twin Bristol');
    expect(m.text()).toContain('❌ Ended in 2026');
    expect(m.text()).toContain('example.org');
    expect(spans(m.last.replies).find((s) => s.kind === 'link')).toMatchObject({ url: 'https://example.org/bristol-council-vote' });
  });
});
