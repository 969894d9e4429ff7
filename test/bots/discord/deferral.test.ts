/** A slow engine: the adapter defers within Discord's window, still completes a signing, and shuts down gracefully. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageFlag } from '../../fakes/discord';
import { customIds, idStartingWith, messageCreations, modalInputs, sleep, startHarness, type Harness } from './harness';

let h: Harness;
const ENGINE_DELAY_MS = 150;

beforeAll(async () => {
  h = await startHarness({ fake: { ackDeadlineMs: 1_000 }, adapter: { deferAfterMs: 20 } });
  // Every engine call now takes longer than the adapter waits before deferring.
  const handle = h.app.engine.handle.bind(h.app.engine);
  vi.spyOn(h.app.engine, 'handle').mockImplementation(async (event) => {
    await sleep(ENGINE_DELAY_MS);
    return handle(event);
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await h?.close();
});

describe('GIVEN an engine slower than the adapter likes to wait', () => {
  it('WHEN a member signs THEN each step is deferred, then answered, and the form opens from a button', async () => {
    const { fake, app } = h;
    const user = fake.addGuildMember({ username: 'slow' }).id;
    const row = await app.services.petitions.bySlug(app.db.prisma, 'bristol-guangzhou');
    const before = await app.services.petitions.count(app.db.prisma, row!.id);

    const command = fake.slashCommand({ user, name: 'sign', options: { petition: 'bristol-guangzhou' } });
    const summary = await command.waitForReply();
    expect(summary).toMatchObject({ responseType: 5, ephemeral: true });
    expect(summary.content).toContain('Bristol');

    // A button on an ephemeral message: deferUpdate, then the next step follows as a new ephemeral message.
    const start = fake.clickButton({ user, customId: idStartingWith(summary.components, 'sg:ok:'), message: summary.message.id });
    expect((await start.response()).type).toBe(6);
    const eligibility = await start.waitForFollowUp(1);
    expect(eligibility.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);

    // After a deferral no modal can be shown: the form comes as a message whose button opens it.
    const yesId = customIds(eligibility.components).find((id) => /^sg:el:.+:y$/.test(id))!;
    const yes = fake.clickButton({ user, customId: yesId, message: eligibility.id });
    const formMessage = await yes.waitForFollowUp(1);
    expect(formMessage.content).toBe('Please fill in your details.');
    const open = fake.clickButton({ user, customId: idStartingWith(formMessage.components, 'form:'), message: formMessage.id });
    const modal = await open.waitForModal();
    expect(Object.keys(modalInputs(modal))).toEqual(['name', 'email', 'postcode']);

    const submit = fake.submitModal({ user, customId: String(modal['custom_id']), fields: { name: 'Slow Poke', email: '', postcode: 'BS1 5TR' } });
    const review = await submit.waitForFollowUp(1);
    expect(review.content).toContain('Slow Poke');

    const confirm = fake.clickButton({ user, customId: idStartingWith(review.components, 'sg:cf:'), message: review.id });
    const receipt = await confirm.waitForReply();
    expect(receipt).toMatchObject({ responseType: 6, ephemeral: true });
    expect(receipt.content).toContain('Signed!');
    expect(await app.services.petitions.count(app.db.prisma, row!.id)).toBe(before + 1);
    expect(messageCreations(fake).every((c) => (c.flags & MessageFlag.Ephemeral) !== 0)).toBe(true);
  });

  it('WHEN the engine fails after the deferral THEN the placeholder becomes the error, in the member’s language', async () => {
    const { fake, app } = h;
    const user = fake.addGuildMember({ username: 'unlucky' }).id;
    vi.mocked(app.engine.handle).mockImplementationOnce(async () => {
      await sleep(ENGINE_DELAY_MS);
      throw new Error('boom');
    });
    const reply = await fake.slashCommand({ user, name: 'petitions', locale: 'zh-CN' }).waitForReply();
    expect(reply).toMatchObject({ responseType: 5, ephemeral: true });
    expect(reply.content).toContain('唔好意思');
  });

  it('WHEN the adapter stops mid-interaction THEN that interaction is finished, a late one is refused politely, and the client disconnects', async () => {
    const { fake, bot } = h;
    const user = fake.addGuildMember({ username: 'last' }).id;
    const inFlight = fake.slashCommand({ user, name: 'petitions' });
    await inFlight.response();
    const stopping = bot.stop();
    const late = fake.slashCommand({ user, name: 'help' });
    const lateReply = await late.waitForReply();
    expect(lateReply.ephemeral).toBe(true);
    expect(lateReply.content).toContain('Sorry, something went wrong');
    expect((await inFlight.waitForReply()).content).toContain('Open petitions');
    await stopping;
    expect(bot.client.isReady()).toBe(false);
  });
});
