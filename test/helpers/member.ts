/** A simulated member talking to the engine with plain events, for readable flow tests. */
import type { App, Button, EngineResult, EventInput, InboundEvent, Reply, ChatKind } from '../../src';
import { toPlain } from '../../src';

let nextUpdate = 1;

export class Member {
  last: EngineResult = { replies: [], lang: 'en' };

  constructor(
    private readonly app: () => App,
    readonly userId = String(100000 + Math.floor(Math.random() * 1e9)),
    readonly options: { clientLanguage?: string; chatKind?: ChatKind; forms?: boolean; platform?: 'telegram' | 'discord' | 'console' } = {},
  ) {}

  event(input: EventInput, id?: string): InboundEvent {
    return {
      ...(id ? { id } : {}),
      actor: {
        platform: this.options.platform ?? 'telegram',
        userId: this.userId,
        chatId: this.options.chatKind && this.options.chatKind !== 'private' ? '-100200' : this.userId,
        chatKind: this.options.chatKind ?? 'private',
        ...(this.options.clientLanguage ? { clientLanguage: this.options.clientLanguage } : {}),
      },
      input,
      capabilities: { forms: this.options.forms ?? false },
    };
  }

  async deliver(input: EventInput, id = `u${nextUpdate++}`): Promise<EngineResult> {
    this.last = await this.app().engine.handle(this.event(input, id));
    return this.last;
  }

  /** A typed line: "/cmd args" is a command, anything else text. */
  send(line: string): Promise<EngineResult> {
    const m = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(line);
    return this.deliver(m ? { kind: 'command', name: m[1]!, args: m[2] ?? '' } : { kind: 'text', text: line });
  }

  buttons(): Button[] {
    return this.last.replies.flatMap((r) => ('buttons' in r && r.buttons ? r.buttons.flat() : []));
  }

  button(label: RegExp): Button {
    const b = this.buttons().find((x) => label.test(x.label));
    if (!b) throw new Error(`No button matching ${label} in: ${this.buttons().map((x) => x.label).join(' | ')}\n${this.text()}`);
    return b;
  }

  async press(label: RegExp): Promise<EngineResult> {
    const b = this.button(label);
    if (b.kind === 'action') return this.deliver({ kind: 'button', data: b.data });
    if (b.kind === 'deepLink') return this.deliver({ kind: 'start', payload: b.payload });
    throw new Error(`Button ${b.label} is a URL button`);
  }

  text(replies: Reply[] = this.last.replies): string {
    return replies
      .map((r) => (r.kind === 'notice' ? r.text : r.kind === 'form' ? `${toPlain(r.text)} [form ${r.fields.map((f) => f.id).join(',')}]` : toPlain(r.text)))
      .join('\n---\n');
  }
}
