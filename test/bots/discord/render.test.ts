/** Engine replies to Discord bodies: components within Discord's limits, modals, asks, deep links, in both languages. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Button, CommandSpec, Reply } from '../../../src';
import { Translator } from '../../../src/i18n/translator';
import { Renderer, type Outgoing } from '../../../bots/discord/render';

const specs: CommandSpec[] = [
  { name: 'sign', descriptionKey: 'commands:sign', scope: 'all', argument: { name: 'petition', descriptionKey: 'commands:signArg', required: false } },
  { name: 'start', descriptionKey: 'commands:start', scope: 'private' },
  { name: 'help', descriptionKey: 'commands:help', scope: 'all' },
];
let renderer: Renderer;

beforeAll(async () => {
  renderer = new Renderer(await Translator.create(), () => specs);
});

const message = (out: Outgoing[]) => out.flatMap((o) => (o.kind === 'message' ? [o.message] : o.fallback));
const action = (i: number, style?: 'primary' | 'danger'): Button => ({ kind: 'action', label: `Choice ${i}`, data: `sg:go:p${i}`, ...(style ? { style } : {}) });

describe('GIVEN buttons', () => {
  it('WHEN they fit 5×5 THEN they stay buttons, with styles, links and start payloads mapped', () => {
    const rows = renderer.components([[action(1, 'primary'), action(2, 'danger')], [{ kind: 'url', label: 'Site', url: 'https://example.org' }, { kind: 'deepLink', label: 'Go', payload: 'sign-x' }]], 'en');
    expect(rows).toEqual([
      { type: 1, components: [{ type: 2, style: 1, label: 'Choice 1', custom_id: 'sg:go:p1' }, { type: 2, style: 4, label: 'Choice 2', custom_id: 'sg:go:p2' }] },
      { type: 1, components: [{ type: 2, style: 5, label: 'Site', url: 'https://example.org' }, { type: 2, style: 2, label: 'Go', custom_id: 'start:sign-x' }] },
    ]);
  });

  it('WHEN there are more than 5 rows THEN the choices become a select menu and links stay buttons', () => {
    const rows = renderer.components([...Array.from({ length: 7 }, (_, i) => [action(i)]), [{ kind: 'url', label: 'Site', url: 'https://example.org' }]], 'yue');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.components[0]).toMatchObject({ type: 3, custom_id: 'menu:0', placeholder: '揀一個…', min_values: 1, max_values: 1 });
    expect((rows[0]!.components[0] as { options: unknown[] }).options).toHaveLength(7);
    expect(rows[1]!.components[0]).toMatchObject({ type: 2, style: 5 });
  });

  it('WHEN there are more than 25 choices THEN they spread over several menus of at most 25', () => {
    const rows = renderer.components(Array.from({ length: 60 }, (_, i) => [action(i)]), 'en');
    expect(rows.map((r) => (r.components[0] as { options: unknown[] }).options.length)).toEqual([25, 25, 10]);
  });

  it('WHEN a custom_id repeats, a label is too long or a URL is unsafe THEN the message is still valid', () => {
    const rows = renderer.components([[action(1), action(1)], [{ kind: 'action', label: 'x'.repeat(200), data: 'upd:on' }], [{ kind: 'url', label: 'bad', url: 'javascript:1' }]], 'en');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.components).toHaveLength(1);
    expect((rows[1]!.components[0] as { label: string }).label).toHaveLength(80);
  });
});

describe('GIVEN replies', () => {
  it('WHEN a message has a deep link THEN Discord shows the equivalent slash command in the member’s language', () => {
    const out = message(renderer.replies([{ kind: 'message', text: [{ kind: 'text', text: 'Ask friends: ' }, { kind: 'deepLink', text: 'share this link', payload: 'sign-bristol' }] }], 'en'));
    expect(out[0]!.content).toBe('Ask friends: share this link (in Discord: `/sign petition:bristol`)');
    const yue = message(renderer.replies([{ kind: 'message', text: [{ kind: 'deepLink', text: '開始', payload: 'start' }] }], 'yue'));
    expect(yue[0]!.content).toBe('開始（喺 Discord 打 `/start`）');
    expect(renderer.commandFor('nothing-here')).toBeUndefined();
  });

  it('WHEN the engine asks for free text THEN the message carries an Answer button, and the answer modal has one field', () => {
    const out = message(renderer.replies([{ kind: 'ask', field: 'name', text: [{ kind: 'text', text: 'Your name?' }], buttons: [[{ kind: 'action', label: 'Cancel', data: 'sg:x:n' }]] }], 'yue'));
    expect(out[0]!.components.map((r) => r.components.map((c) => (c as { custom_id: string }).custom_id))).toEqual([['ask:name'], ['sg:x:n']]);
    expect(renderer.askModal('name', 'yue')).toMatchObject({ custom_id: 'ask:name', title: '你嘅答案', components: [{ type: 1, components: [{ type: 4, custom_id: 'name', label: '你嘅答案', required: true }] }] });
  });

  it('WHEN a form arrives THEN it is a modal (limits applied) with a fallback message whose button reopens it', () => {
    const form: Reply = {
      kind: 'form',
      formId: 'sign:abc',
      title: 'A title that is far too long for a Discord modal title',
      fields: [
        { id: 'name', label: 'Name', required: true, maxLength: 100, value: 'Alex' },
        { id: 'email', label: 'Email', required: false, maxLength: 254 },
      ],
      text: [{ kind: 'text', text: 'Please fill in your details.' }],
    };
    const [out] = renderer.replies([form], 'en');
    expect(out?.kind).toBe('form');
    if (out?.kind !== 'form') return;
    expect(out.modal.custom_id).toBe('form:sign:abc');
    expect(out.modal.title).toHaveLength(45);
    expect(out.modal.components).toEqual([
      { type: 1, components: [{ type: 4, custom_id: 'name', label: 'Name', style: 1, required: true, max_length: 100, value: 'Alex' }] },
      { type: 1, components: [{ type: 4, custom_id: 'email', label: 'Email', style: 1, required: false, max_length: 254 }] },
    ]);
    expect(out.fallback).toMatchObject([{ content: 'Please fill in your details.', edit: false }]);
    expect(out.fallback[0]!.components[0]!.components[0]).toMatchObject({ custom_id: 'form:sign:abc', label: '✏️ Fill in the form', style: 1 });
  });

  it('WHEN notices, edits and private-only replies arrive THEN each becomes a message, only the edit marked so', () => {
    const out = message(renderer.replies([
      { kind: 'notice', text: 'That button is no longer active.' },
      { kind: 'message', text: [{ kind: 'text', text: 'Done' }], edit: true },
      { kind: 'privateOnly', text: [{ kind: 'text', text: 'Private please' }], payload: 'start', label: 'Open' },
    ], 'en'));
    expect(out.map((m) => [m.content, m.edit, m.components.length])).toEqual([
      ['That button is no longer active.', false, 0],
      ['Done', true, 0],
      ['Private please', false, 1],
    ]);
  });

  it('WHEN a message is longer than Discord allows THEN the buttons go under the last part and only the first part edits', () => {
    const long = 'line of text\n'.repeat(400);
    const out = message(renderer.replies([{ kind: 'message', text: [{ kind: 'text', text: long }], edit: true, buttons: [[action(1)]] }], 'en'));
    expect(out.length).toBeGreaterThan(1);
    expect(out.map((m) => m.edit)).toEqual(out.map((_, i) => i === 0));
    expect(out.map((m) => m.components.length)).toEqual(out.map((_, i) => (i === out.length - 1 ? 1 : 0)));
  });
});
