/** Interaction facts to engine events, and the custom_id language, without a client. */
import { describe, expect, it } from 'vitest';
import { toInbound, type InteractionFacts } from '../../../bots/discord/events';
import { ADAPTER_PREFIXES, choiceId, decodeChoice, decodeModal } from '../../../bots/discord/custom-ids';

const base: Omit<InteractionFacts, 'type'> = { id: '111', userId: '42', channelId: '7', locale: 'zh-TW' };

describe('toInbound', () => {
  it('GIVEN /sign petition:slug THEN a private command event with the option as args, forms on, the interaction id and locale', () => {
    expect(toInbound({ ...base, type: 'command', commandName: 'sign', options: [{ name: 'petition', value: 'bristol-guangzhou' }] })).toEqual({
      kind: 'engine',
      event: {
        id: '111',
        actor: { platform: 'discord', userId: '42', chatId: '7', chatKind: 'private', clientLanguage: 'zh-TW' },
        input: { kind: 'command', name: 'sign', args: 'bristol-guangzhou' },
        capabilities: { forms: true },
      },
    });
  });

  it('GIVEN buttons THEN engine data, start payloads and the adapter’s own buttons are told apart', () => {
    const input = (customId: string) => {
      const inbound = toInbound({ ...base, type: 'component', customId });
      return inbound.kind === 'engine' ? inbound.event.input : inbound;
    };
    expect(input('sg:cf:abc')).toEqual({ kind: 'button', data: 'sg:cf:abc' });
    expect(input('start:sign-bristol')).toEqual({ kind: 'start', payload: 'sign-bristol' });
    expect(input('ask:name')).toMatchObject({ kind: 'openAsk', field: 'name' });
    expect(input('form:sign:abc')).toMatchObject({ kind: 'openForm', formId: 'sign:abc' });
    expect(input('nonsense')).toEqual({ kind: 'button', data: 'nonsense' });
  });

  it('GIVEN a select menu THEN its chosen value is read like a button', () => {
    const inbound = toInbound({ ...base, type: 'component', customId: 'menu:0', values: ['wd:pick:9'] });
    expect(inbound.kind === 'engine' && inbound.event.input).toEqual({ kind: 'button', data: 'wd:pick:9' });
  });

  it('GIVEN modal submits THEN a form becomes a form event and an answer a text event', () => {
    const form = toInbound({ ...base, type: 'modal', customId: 'form:sign:abc', fields: { name: 'Alex', email: '' } });
    expect(form.kind === 'engine' && form.event.input).toEqual({ kind: 'form', formId: 'sign:abc', values: { name: 'Alex', email: '' } });
    const answer = toInbound({ ...base, type: 'modal', customId: 'ask:name', fields: { name: 'Alex' } });
    expect(answer.kind === 'engine' && answer.event.input).toEqual({ kind: 'text', text: 'Alex' });
  });

  it('GIVEN autocomplete THEN the command and the typed text come through', () => {
    expect(toInbound({ ...base, type: 'autocomplete', commandName: 'sign', focused: 'bri' })).toMatchObject({ kind: 'autocomplete', command: 'sign', focused: 'bri' });
  });
});

describe('custom ids', () => {
  it('GIVEN engine choices THEN they round-trip', () => {
    expect(decodeChoice(choiceId({ kind: 'deepLink', label: 'x', payload: 'sign-a' }))).toEqual({ kind: 'engine', input: { kind: 'start', payload: 'sign-a' } });
    expect(decodeChoice(choiceId({ kind: 'action', label: 'x', data: 'lang:yue' }))).toEqual({ kind: 'engine', input: { kind: 'button', data: 'lang:yue' } });
    expect(decodeModal('ask:email', {})).toEqual({ kind: 'text', text: '' });
  });

  it('GIVEN the engine’s button prefixes THEN none collides with the adapter’s', () => {
    for (const prefix of ['sg', 'wd', 'fg', 'lang', 'upd', 'tw', 'bc']) expect(ADAPTER_PREFIXES).not.toContain(prefix);
  });
});
