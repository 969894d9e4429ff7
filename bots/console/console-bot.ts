/** The engine in a terminal: lines in, text out. Works on a TTY and through a pipe, so it can be tested by feeding lines. */
import readline from 'node:readline';
import type { Button, EventInput, InboundEvent, App } from '../../src';
import { renderReplies } from './render';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A stable id for the terminal's user, so a restart continues the same conversation. */
  userId?: string;
  ansi?: boolean;
}

/** Turns a typed line into an engine input, given the choices on screen. */
export function parseLine(line: string, choices: Button[]): EventInput | { kind: 'url'; url: string } | null {
  const text = line.trim();
  if (text === '') return null;
  if (/^\d{1,2}$/.test(text)) {
    const choice = choices[Number(text) - 1];
    if (choice?.kind === 'action') return { kind: 'button', data: choice.data };
    if (choice?.kind === 'deepLink') return { kind: 'start', payload: choice.payload };
    if (choice?.kind === 'url') return { kind: 'url', url: choice.url };
  }
  const command = /^\/([A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text);
  if (command) return { kind: 'command', name: command[1]!.toLowerCase(), args: command[2] ?? '' };
  return { kind: 'text', text: line };
}

export async function runConsole(app: App, options: ConsoleOptions): Promise<void> {
  const ansi = options.ansi ?? false;
  const out = (s: string): void => void options.output.write(`${s}\n`);
  let choices: Button[] = [];
  const send = async (input: EventInput): Promise<void> => {
    const event: InboundEvent = {
      actor: { platform: 'console', userId: options.userId ?? 'local', chatId: 'console', chatKind: 'private' },
      input,
    };
    let result;
    try {
      result = await app.engine.handle(event);
    } catch (error) {
      // The adapter's one error boundary: log without personal data, answer in the member's language.
      app.log.error({ err: error }, 'console event failed');
      result = await app.engine.failureReplies(event);
    }
    const rendered = renderReplies(result.replies, ansi);
    if (rendered.text) out(`\n${rendered.text}`);
    if (rendered.choices.length > 0) choices = rendered.choices;
    if (rendered.choices.length > 0) out('(type a number to choose)');
  };

  await send({ kind: 'command', name: 'start', args: '' });
  const rl = readline.createInterface({ input: options.input, terminal: false });
  for await (const line of rl) {
    const input = parseLine(line, choices);
    if (input === null) continue;
    if (input.kind === 'url') {
      out(`Open in your browser: ${input.url}`);
      continue;
    }
    await send(input);
  }
}
