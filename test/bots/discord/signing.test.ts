/** The adapter with the real discord.js client against the fake: signing end to end, languages, errors, replays, 429s. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageFlag } from '../../fakes/discord';
import { customIds, idStartingWith, messageCreations, modalInputs, sleep, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function countFor(slug: string): Promise<number> {
  const row = await h.app.services.petitions.bySlug(h.app.db.prisma, slug);
  return h.app.services.petitions.count(h.app.db.prisma, row!.id);
}

/** /sign → Sign → eligible → the details modal; returns the modal and the member's id. */
async function openForm(user: string, locale: string, slug: string) {
  const { fake } = h;
  const summary = await fake.slashCommand({ user, name: 'sign', options: { petition: slug }, locale }).waitForReply();
  expect(summary.ephemeral).toBe(true);
  const eligibility = await fake.clickButton({ user, customId: idStartingWith(summary.components, 'sg:ok:'), locale }).waitForReply();
  expect(eligibility.ephemeral).toBe(true);
  const yesId = customIds(eligibility.components).find((id) => /^sg:el:.+:y$/.test(id))!;
  const yes = fake.clickButton({ user, customId: yesId, locale });
  const modal = await yes.waitForModal();
  return { summary, eligibility, modal };
}

describe('GIVEN a member signing with /sign', () => {
  it('WHEN they go through buttons, the modal, the review and confirm in English THEN the signature is saved and every reply is ephemeral', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'alex' }).id;
    const before = await countFor('bristol-guangzhou');
    const { summary, eligibility, modal } = await openForm(user, 'en-GB', 'bristol-guangzhou');
    expect(summary.content).toContain('Terminate the sister city deal between Bristol and Guangzhou');
    expect(eligibility.content).toContain('I live, work or study in Bristol');
    expect(modal['title']).toBe('Your details');
    const inputs = modalInputs(modal);
    expect(Object.keys(inputs)).toEqual(['name', 'email', 'postcode']);
    expect(inputs['name']).toMatchObject({ label: 'Name', required: true, max_length: 100 });
    expect(inputs['email']).toMatchObject({ required: false });
    expect(inputs['postcode']).toMatchObject({ required: true });

    const review = await fake.submitModal({ user, customId: String(modal['custom_id']), fields: { name: 'Alex Chan', email: '', postcode: 'bs1 5tr' }, locale: 'en-GB' }).waitForReply();
    expect(review.ephemeral).toBe(true);
    expect(review.content).toContain('Please check before you sign');
    expect(review.content).toContain('Alex Chan');
    expect(review.content).toContain('BS1 5TR');

    const confirm = fake.clickButton({ user, customId: idStartingWith(review.components, 'sg:cf:'), locale: 'en-GB' });
    const receipt = await confirm.waitForReply();
    expect(receipt.responseType).toBe(7);
    expect(receipt.ephemeral).toBe(true);
    expect(receipt.content).toContain('**Signed!**');
    // Discord has no deep links: the share line names the slash command instead.
    expect(receipt.content).toContain('`/sign petition:bristol-guangzhou`');
    expect(await countFor('bristol-guangzhou')).toBe(before + 1);

    // Nothing about the signer in any channel: every message the bot created carried the ephemeral flag.
    const created = messageCreations(fake);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((c) => (c.flags & MessageFlag.Ephemeral) !== 0)).toBe(true);
    for (const channel of fake.guild.channels) expect(fake.messagesIn(channel.id)).toEqual([]);
  });

  it('WHEN a zh-TW member signs THEN every step is in Cantonese', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'ka-yan' }).id;
    const before = await countFor('uk-sever-sister-cities');
    const { summary, modal } = await openForm(user, 'zh-TW', 'uk-sever-sister-cities');
    expect(summary.content).toContain('收件人');
    expect(modal['title']).toBe('你嘅資料');
    expect(Object.keys(modalInputs(modal))).toEqual(['name', 'email', 'postcode']);
    expect(modalInputs(modal)['email']).toMatchObject({ label: '電郵', required: true });

    const review = await fake.submitModal({ user, customId: String(modal['custom_id']), fields: { name: '陳嘉欣', email: 'ka-yan@example.com', postcode: '' }, locale: 'zh-TW' }).waitForReply();
    expect(review.content).toContain('請你再睇清楚');
    expect(review.content).toContain('陳嘉欣');
    expect(review.content).toContain('（冇填）');
    const receipt = await fake.clickButton({ user, customId: idStartingWith(review.components, 'sg:cf:'), locale: 'zh-TW' }).waitForReply();
    expect(receipt.content).toContain('簽咗喇');
    expect(receipt.content).toContain('喺 Discord 打');
    expect(receipt.ephemeral).toBe(true);
    expect(await countFor('uk-sever-sister-cities')).toBe(before + 1);
  });

  it('WHEN the modal has an invalid name THEN the error comes in their language and they can fix it', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'wing' }).id;
    const { modal } = await openForm(user, 'zh-TW', 'bristol-guangzhou');
    const submit = fake.submitModal({ user, customId: String(modal['custom_id']), fields: { name: '<b>Wing</b>', email: '', postcode: 'BS1 5TR' }, locale: 'zh-TW' });
    const errors = await submit.waitForReply();
    expect(errors.ephemeral).toBe(true);
    expect(errors.content).toContain('有啲資料要改吓');
    expect(errors.content).toContain('請淨係打你個名');

    // "Fix my details" opens the same modal again, with what they typed before that was valid.
    const fix = fake.clickButton({ user, customId: idStartingWith(errors.components, 'sg:form:'), locale: 'zh-TW' });
    const again = await fix.waitForModal();
    expect(modalInputs(again)['postcode']).toMatchObject({ value: 'BS1 5TR' });
    const review = await fake.submitModal({ user, customId: String(again['custom_id']), fields: { name: '黃永', email: '', postcode: 'BS1 5TR' }, locale: 'zh-TW' }).waitForReply();
    expect(review.content).toContain('黃永');
    expect(review.components.length).toBeGreaterThan(0);
  });

  it('WHEN the confirm interaction is replayed or tapped twice THEN they sign once', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'sam' }).id;
    const before = await countFor('uk-sever-sister-cities');
    const { modal } = await openForm(user, 'en-US', 'uk-sever-sister-cities');
    const review = await fake.submitModal({ user, customId: String(modal['custom_id']), fields: { name: 'Sam Lee', email: 'sam@example.com', postcode: '' } }).waitForReply();
    const confirmId = idStartingWith(review.components, 'sg:cf:');
    const confirm = fake.clickButton({ user, customId: confirmId, message: review.message.id });
    await confirm.waitForReply();
    expect(await countFor('uk-sever-sister-cities')).toBe(before + 1);

    // The same interaction delivered again: the engine recognises its id and the adapter stays quiet.
    fake.dispatch('INTERACTION_CREATE', confirm.payload);
    await sleep(300);
    expect(confirm.callbacks.filter((c) => c.status < 300)).toHaveLength(1);
    expect(await countFor('uk-sever-sister-cities')).toBe(before + 1);
  });

  it('WHEN an old confirm button is pressed again THEN they get a notice and sign only once', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'jo' }).id;
    const before = await countFor('bristol-guangzhou');
    const { modal } = await openForm(user, 'en-US', 'bristol-guangzhou');
    const review = await fake.submitModal({ user, customId: String(modal['custom_id']), fields: { name: 'Jo Wong', email: '', postcode: 'BS2 0AB' } }).waitForReply();
    const confirmId = idStartingWith(review.components, 'sg:cf:');
    // Two taps racing each other on the same message.
    const first = fake.clickButton({ user, customId: confirmId, message: review.message.id });
    const second = fake.clickButton({ user, customId: confirmId, message: review.message.id });
    const replies = await Promise.all([first.waitForReply(), second.waitForReply()]);
    expect(await countFor('bristol-guangzhou')).toBe(before + 1);
    const texts = replies.map((r) => r.content);
    expect(texts.some((t) => t.includes('Signed!'))).toBe(true);
    expect(texts.some((t) => t.includes('Already done'))).toBe(true);
    expect(replies.every((r) => r.ephemeral)).toBe(true);
  });
});

describe('GIVEN buttons the engine no longer knows', () => {
  it('WHEN a member presses an unknown or expired button on a channel message THEN they get an ephemeral notice and the message is untouched', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'kit' }).id;
    const card = fake.seedBotMessage({
      content: 'Old petition card',
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Sign', custom_id: 'sg:ok:zzzz' }, { type: 2, style: 2, label: '?', custom_id: 'whatever' }] }],
    });
    for (const customId of ['sg:ok:zzzz', 'whatever']) {
      const reply = await fake.clickButton({ user, customId, message: card.id }).waitForReply();
      expect(reply).toMatchObject({ responseType: 4, ephemeral: true });
      expect(reply.content).toBe('That button is no longer active.');
    }
    expect(fake.message(card.id)?.content).toBe('Old petition card');
  });

  it('WHEN an open-form button outlives its form THEN the notice is in the member’s language', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'yee' }).id;
    const card = fake.seedBotMessage({ content: 'x', flags: MessageFlag.Ephemeral, components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Form', custom_id: 'form:sign:gone' }] }] });
    const reply = await fake.clickButton({ user, customId: 'form:sign:gone', message: card.id, locale: 'zh-HK' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('呢份表格已經用唔到喇');
  });
});

describe('GIVEN trouble on the way', () => {
  it('WHEN Discord answers 429 to the callback THEN the reply still arrives', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'lam' }).id;
    fake.failNext((c) => c.path.endsWith('/callback'), { status: 429, retryAfter: 0.05 });
    const handle = fake.slashCommand({ user, name: 'petitions' });
    const reply = await handle.waitForReply();
    expect(reply.content).toContain('Open petitions');
    expect(handle.callbacks.map((c) => c.status)).toEqual([429, 204]);
  });

  it('WHEN the engine fails THEN the member gets an ephemeral error in their language, not silence', async () => {
    const { fake, app } = h;
    const user = fake.addGuildMember({ username: 'fai' }).id;
    const spy = vi.spyOn(app.engine, 'handle').mockRejectedValueOnce(new Error('database unreachable'));
    try {
      const reply = await fake.slashCommand({ user, name: 'petitions', locale: 'zh-TW' }).waitForReply();
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toContain('唔好意思');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('GIVEN other commands', () => {
  it('WHEN a member types in /sign’s petition option THEN autocomplete offers open petitions in their language', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'ming' }).id;
    const en = await fake.autocomplete({ user, name: 'sign', options: { petition: 'bris' }, focused: 'petition' }).waitForChoices();
    expect(en).toEqual([{ name: 'Terminate the sister city deal between Bristol and Guangzhou', value: 'bristol-guangzhou' }]);
    const yue = await fake.autocomplete({ user: fake.addGuildMember({ username: 'mei' }).id, name: 'sign', options: { petition: '' }, focused: 'petition', locale: 'zh-TW' }).waitForChoices();
    expect(yue.map((c) => c['name'])).toContain('終止布里斯托同廣州嘅姊妹城市協議');
  });

  it('WHEN /mysignatures runs in a DM THEN the list is ephemeral there too', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'dm-user' }).id;
    const reply = await fake.slashCommand({ user, name: 'mysignatures', guild: false }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("You haven't signed any petitions");
  });

  it('WHEN /language is chosen with a button THEN the reply follows the saved choice over the client locale', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'lang' }).id;
    const ask = await fake.slashCommand({ user, name: 'language', locale: 'en-US' }).waitForReply();
    const set = await fake.clickButton({ user, customId: 'lang:yue', message: ask.message.id }).waitForReply();
    expect(set.responseType).toBe(7);
    expect(set.content).toContain('廣東話');
    const help = await fake.slashCommand({ user, name: 'help', locale: 'en-US' }).waitForReply();
    expect(help.content).toContain('我可以幫你做呢啲嘢');
  });
});
