/** Renders engine replies as terminal text; buttons become numbered choices. */
import type { Button, Reply, RichText } from '../../src';

export interface Rendered {
  text: string;
  /** Numbered choices, in the order shown. */
  choices: Button[];
}

/** Terminal control sequences in data could repaint the screen: remove every control character. */
function safe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

export function renderRich(text: RichText, ansi: boolean): string {
  return text
    .map((s) => {
      const body = safe(s.text);
      if (s.kind === 'link') return `${body} (${safe(s.url)})`;
      if (s.kind === 'deepLink') return `${body} (/start ${safe(s.payload)})`;
      if (ansi && s.style === 'bold') return `\x1b[1m${body}\x1b[22m`;
      if (ansi && s.style === 'italic') return `\x1b[3m${body}\x1b[23m`;
      return body;
    })
    .join('');
}

export function renderReplies(replies: Reply[], ansi: boolean): Rendered {
  const blocks: string[] = [];
  const choices: Button[] = [];
  const addButtons = (rows: Button[][] | undefined): string[] =>
    (rows ?? []).flat().map((b) => {
      choices.push(b);
      const suffix = b.kind === 'url' ? ` (${safe(b.url)})` : '';
      return `  [${choices.length}] ${safe(b.label)}${suffix}`;
    });
  for (const r of replies) {
    switch (r.kind) {
      case 'message':
      case 'ask':
        blocks.push([renderRich(r.text, ansi), ...addButtons(r.buttons)].join('\n'));
        break;
      case 'form':
        blocks.push(renderRich(r.text, ansi));
        break;
      case 'privateOnly':
        blocks.push([renderRich(r.text, ansi), ...addButtons([[{ kind: 'deepLink', label: r.label, payload: r.payload }]])].join('\n'));
        break;
      case 'notice':
        blocks.push(`ℹ ${safe(r.text)}`);
        break;
    }
  }
  return { text: blocks.join('\n\n'), choices };
}
