/** Discord's answering rules with a recording port: one first response, then edits and follow-ups; modals only when allowed. */
import { describe, expect, it } from 'vitest';
import { Responder, type InteractionPort } from '../../../bots/discord/respond';
import type { FormReply, OutMessage, Outgoing } from '../../../bots/discord/render';

function port(canShowModal: boolean, canUpdate: boolean) {
  const calls: string[] = [];
  const record = (name: string) => async (m?: OutMessage | { custom_id: string }) => {
    calls.push(m && 'content' in m ? `${name}:${m.content}` : m && 'custom_id' in m ? `${name}:${m.custom_id}` : name);
  };
  const p: InteractionPort = {
    canShowModal,
    canUpdate,
    reply: record('reply'),
    update: record('update'),
    deferReply: record('deferReply'),
    deferUpdate: record('deferUpdate'),
    editReply: record('editReply'),
    followUp: record('followUp'),
    showModal: record('showModal'),
  };
  return { p, calls };
}

const msg = (content: string, edit = false): Outgoing => ({ kind: 'message', message: { content, components: [], edit } });
const form: FormReply = { kind: 'form', formId: 'sign:n', title: 'T', fields: [], text: [] };
const formOut: Outgoing = { kind: 'form', form, modal: { custom_id: 'form:sign:n', title: 'T', components: [] }, fallback: [{ content: 'open it', components: [], edit: false }] };
const empty: OutMessage = { content: 'Done.', components: [], edit: false };

async function run(p: InteractionPort, items: Outgoing[], deferFirst = false) {
  const remembered: string[] = [];
  const r = new Responder(p);
  if (deferFirst) await r.defer();
  await r.send(items, (f) => remembered.push(f.formId), empty);
  return remembered;
}

describe('Responder', () => {
  it('GIVEN a button on our ephemeral message THEN an edit updates it and further replies follow up', async () => {
    const { p, calls } = port(true, true);
    await run(p, [msg('receipt', true), msg('more')]);
    expect(calls).toEqual(['update:receipt', 'followUp:more']);
  });

  it('GIVEN a button on a public channel message THEN an edit is a new ephemeral reply, never an update', async () => {
    const { p, calls } = port(true, false);
    await run(p, [msg('answer', true)]);
    expect(calls).toEqual(['reply:answer']);
  });

  it('GIVEN a lone form and an interaction that can show modals THEN the modal opens', async () => {
    const { p, calls } = port(true, false);
    expect(await run(p, [formOut])).toEqual([]);
    expect(calls).toEqual(['showModal:form:sign:n']);
  });

  it('GIVEN a form after a modal submit THEN it is a message with a reopen button and the form is remembered', async () => {
    const { p, calls } = port(false, true);
    expect(await run(p, [msg('errors'), formOut])).toEqual(['sign:n']);
    expect(calls).toEqual(['reply:errors', 'followUp:open it']);
  });

  it('GIVEN a deferred command THEN the first message fills the placeholder and the rest follow up', async () => {
    const { p, calls } = port(true, false);
    await run(p, [msg('one'), msg('two')], true);
    expect(calls).toEqual(['deferReply', 'editReply:one', 'followUp:two']);
  });

  it('GIVEN a deferred button THEN an edit edits the message and a new message follows up, and a form cannot open', async () => {
    const edit = port(true, true);
    await run(edit.p, [msg('receipt', true)], true);
    expect(edit.calls).toEqual(['deferUpdate', 'editReply:receipt']);
    const next = port(true, true);
    expect(await run(next.p, [formOut], true)).toEqual(['sign:n']);
    expect(next.calls).toEqual(['deferUpdate', 'followUp:open it']);
  });

  it('GIVEN nothing to say THEN a button just acknowledges and a command says done', async () => {
    const button = port(true, true);
    await run(button.p, []);
    expect(button.calls).toEqual(['deferUpdate']);
    const command = port(true, false);
    await run(command.p, []);
    expect(command.calls).toEqual(['reply:Done.']);
    const deferred = port(true, false);
    await run(deferred.p, [], true);
    expect(deferred.calls).toEqual(['deferReply', 'editReply:Done.']);
  });
});
