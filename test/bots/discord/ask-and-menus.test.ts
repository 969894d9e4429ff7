/** Flows beyond signing: a free-text question answered through a one-field modal, and many choices as a select menu. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature } from '../../../src';
import { idStartingWith, modalInputs, startHarness, type Harness } from './harness';

let h: Harness;

/** Stand-ins for later features: one asks a question, one offers more choices than fit as buttons. */
const testFeature = (): Feature[] => [
  {
    name: 'test-flows',
    commands: [
      {
        spec: { name: 'nickname', descriptionKey: 'commands:help', scope: 'all' },
        inGroups: true,
        async run(ctx) {
          ctx.startFlow('nick', 'ask');
          ctx.reply({ kind: 'ask', field: 'nickname', text: ctx.t('sign:ask.name'), buttons: [[ctx.action('common:cancelButton', 'tp:cancel')]] });
        },
      },
      {
        spec: { name: 'pick', descriptionKey: 'commands:help', scope: 'all' },
        inGroups: true,
        async run(ctx) {
          const buttons = Array.from({ length: 7 }, (_, i) => [{ kind: 'action' as const, label: `Option ${i}`, data: `tp:${i}` }]);
          ctx.message([{ kind: 'text', text: 'Pick one' }], { buttons });
        },
      },
    ],
    buttons: {
      async tp(ctx, [n]) {
        ctx.message([{ kind: 'text', text: `You picked ${n}` }], { edit: true });
      },
    },
    flows: {
      nick: {
        async onText(ctx, text) {
          ctx.endFlow();
          ctx.message([{ kind: 'text', text: `Hello ${text}` }]);
        },
      },
    },
  },
];

beforeAll(async () => {
  h = await startHarness({ features: testFeature });
});

afterAll(async () => {
  await h?.close();
});

describe('GIVEN a flow that asks for free text', () => {
  it('WHEN the member presses Answer and submits THEN the engine gets their text, escaped on the way back', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'nick' }).id;
    const ask = await fake.slashCommand({ user, name: 'nickname', locale: 'zh-TW' }).waitForReply();
    expect(ask.ephemeral).toBe(true);
    expect(ask.content).toContain('你嘅**全名**係？');
    const modal = await fake.clickButton({ user, customId: idStartingWith(ask.components, 'ask:'), message: ask.message.id, locale: 'zh-TW' }).waitForModal();
    expect(modal).toMatchObject({ custom_id: 'ask:nickname', title: '你嘅答案' });
    expect(Object.keys(modalInputs(modal))).toEqual(['nickname']);
    const reply = await fake.submitModal({ user, customId: 'ask:nickname', fields: { nickname: '**Ah Ming** @everyone' } }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe('Hello \\*\\*Ah Ming\\*\\* \\@everyone');
  });
});

describe('GIVEN more choices than Discord fits as buttons', () => {
  it('WHEN the member picks from the select menu THEN the engine gets that choice and the message is replaced', async () => {
    const { fake } = h;
    const user = fake.addGuildMember({ username: 'picker' }).id;
    const menu = await fake.slashCommand({ user, name: 'pick' }).waitForReply();
    expect(menu.components).toHaveLength(1);
    const reply = await fake.selectMenu({ user, customId: 'menu:0', values: ['tp:5'], message: menu.message.id }).waitForReply();
    expect(reply).toMatchObject({ responseType: 7, ephemeral: true, content: 'You picked 5', components: [] });
  });
});
