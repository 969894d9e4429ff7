/** RichText to Discord markdown: escaping of data, styles, links, and splitting at Discord's 2000 characters. */
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../../../bots/discord/markdown';

describe('escapeMarkdown', () => {
  it('GIVEN a name with markdown, mentions and a masked link THEN all of it shows literally', () => {
    expect(escapeMarkdown('**Bold** _it_ ~~s~~ ||spoiler|| `code` [x](https://evil.example) <@123> @everyone \\')).toBe(
      '\\*\\*Bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\` \\[x\\](https://evil.example) \\<\\@123> \\@everyone \\\\',
    );
  });

  it('GIVEN headings, lists and quotes at line starts THEN they are escaped there and left alone mid-line', () => {
    expect(escapeMarkdown('# Title\n- item\n> quote\n1. first\n-# small\nsister-city 2001.')).toBe(
      '\\# Title\n\\- item\n\\> quote\n1\\. first\n\\-# small\nsister-city 2001.',
    );
  });
});

describe('renderMarkdown', () => {
  it('GIVEN styled spans THEN markers wrap the text, not its surrounding spaces, and blank lines survive', () => {
    expect(renderMarkdown([{ kind: 'text', text: 'Hello ', style: 'bold' }, { kind: 'text', text: 'world\n\nnext' }])).toEqual(['**Hello** world\n\nnext']);
  });

  it('GIVEN adjacent bold and italic spans THEN their markers are kept apart', () => {
    expect(renderMarkdown([{ kind: 'text', text: 'a', style: 'bold' }, { kind: 'text', text: 'b', style: 'italic' }])).toEqual(['**a**\u200b*b*']);
  });

  it('GIVEN a code span with a backtick THEN it cannot break out of the code', () => {
    expect(renderMarkdown([{ kind: 'text', text: '/sign `x`', style: 'code' }])).toEqual(['`/sign ˋxˋ`']);
  });

  it('GIVEN links THEN safe ones are masked without a preview and unsafe ones are plain text', () => {
    expect(renderMarkdown([{ kind: 'link', text: 'official [ePetition]', url: 'https://example.org/a_(b)' }])).toEqual([
      '[official \\[ePetition\\]](<https://example.org/a_%28b%29>)',
    ]);
    expect(renderMarkdown([{ kind: 'link', text: 'click', url: 'javascript:alert(1)' }])).toEqual(['click']);
  });

  it('GIVEN a deep link THEN its text remains', () => {
    expect(renderMarkdown([{ kind: 'deepLink', text: 'share', payload: 'sign-x' }])).toEqual(['share']);
  });

  it('GIVEN a text longer than a message THEN it is split at line ends into messages of at most 2000 characters', () => {
    const paragraph = `${'word '.repeat(150).trim()}\n`;
    const chunks = renderMarkdown([{ kind: 'text', text: 'Title\n', style: 'bold' }, { kind: 'text', text: paragraph.repeat(6) }]);
    expect(chunks.length).toBe(3);
    expect(chunks.every((c) => c.length <= 2000)).toBe(true);
    expect(chunks[0]!.startsWith('**Title**\nword')).toBe(true);
    expect(chunks.join('\n').replace(/\s+/g, ' ')).toContain('word word');
  });

  it('GIVEN one enormous line of symbols THEN even escaped it fits', () => {
    const chunks = renderMarkdown([{ kind: 'text', text: '*'.repeat(5000) }]);
    expect(chunks.every((c) => c.length <= 2000)).toBe(true);
    expect(chunks.join('')).toBe('\\*'.repeat(5000));
  });

  it('GIVEN empty text THEN the message is not empty (Discord refuses those)', () => {
    expect(renderMarkdown([{ kind: 'text', text: '' }])).toEqual(['\u200b']);
  });
});
