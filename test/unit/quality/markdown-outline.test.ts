import { describe, expect, it } from 'vitest';
import { headings } from '../../../shared/quality/markdown-outline.ts';

describe('headings', () => {
  it('finds ATX and setext headings with their level, text and line', () => {
    const text = ['# Title #', '', 'Intro', '', '## Why', 'Sub title', '---', 'Other', '===', '#NotAHeading', '####### too deep'].join('\n');
    expect(headings(text)).toEqual([
      { level: 1, text: 'Title', line: 1 },
      { level: 2, text: 'Why', line: 5 },
      { level: 2, text: 'Sub title', line: 6 },
      { level: 1, text: 'Other', line: 8 },
    ]);
  });

  it('ignores headings inside fenced code, and a rule after a blank line or a list', () => {
    const text = ['```md', '# not a heading', '```', '', '---', '', '- item', '---', '~~~~', '## still code', '~~~', '## still code: a shorter fence does not close', '~~~~', '## Real'].join('\n');
    expect(headings(text)).toEqual([{ level: 2, text: 'Real', line: 14 }]);
  });
});
