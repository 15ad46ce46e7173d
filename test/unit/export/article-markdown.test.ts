import { describe, expect, it } from 'vitest';
import { renderArticleMarkdown, yamlString } from '../../../electron/export/article-markdown.ts';
import type { ArticleMarkdownInput } from '../../../electron/export/article-markdown.ts';

/**
 * A tiny reader for the front matter this module writes: one `key: <JSON value>` per line. If a
 * topic could break the YAML (a newline, a "---", a quote), it would break this reader too.
 */
function readFrontMatter(markdown: string): { fields: Record<string, unknown>; body: string } {
  const lines = markdown.split('\n');
  expect(lines[0]).toBe('---');
  const end = lines.indexOf('---', 1);
  expect(end).toBeGreaterThan(0);
  const fields: Record<string, unknown> = {};
  for (const line of lines.slice(1, end)) {
    const match = /^([a-z_]+): (.*)$/.exec(line);
    if (!match) throw new Error(`not a key: value line: ${JSON.stringify(line)}`);
    fields[match[1]!] = JSON.parse(match[2]!);
  }
  return { fields, body: lines.slice(end + 1).join('\n') };
}

const article: ArticleMarkdownInput = {
  topic: 'Coffee',
  model: 'gpt-4o-mini',
  usage: { promptTokens: 21, completionTokens: 900, totalTokens: 921 },
  attempts: 2,
  createdAt: new Date('2026-11-29T10:00:00.123Z'),
  text: '# Coffee\n\nBody.',
};

describe('renderArticleMarkdown', () => {
  it('writes the front matter, a blank line and the text ending in a newline', () => {
    expect(renderArticleMarkdown(article)).toBe(
      [
        '---',
        'topic: "Coffee"',
        'model: "gpt-4o-mini"',
        'prompt_tokens: 21',
        'completion_tokens: 900',
        'total_tokens: 921',
        'attempts: 2',
        'created: "2026-11-29T10:00:00.123Z"',
        '---',
        '',
        '# Coffee',
        '',
        'Body.',
        '',
      ].join('\n'),
    );
  });

  it('round-trips hostile topics through the front matter', () => {
    const topics = [
      'Paris: a guide',
      'He said "hi" \\ bye',
      'two\nlines\r\nand a tab\t',
      '---',
      '--- \n---\n...',
      '# not a comment',
      '- not a list',
      '{not: a map}',
      'yes',
      'null',
      '123',
      '@ & * ! | > %',
      '東京 🚀',
      'bell \u0007 del \u007f c1 \u0085 ls \u2028 ps \u2029 bom \ufeff',
      'lone \ud800 surrogate',
    ];
    for (const topic of topics) {
      const { fields, body } = readFrontMatter(renderArticleMarkdown({ ...article, topic }));
      expect(fields.topic).toBe(topic.toWellFormed());
      expect(body).toBe('\n# Coffee\n\nBody.\n');
    }
  });

  it('keeps every field on one line with only printable YAML characters', () => {
    const markdown = renderArticleMarkdown({ ...article, topic: 'a\u2028b\u0085c\u007fd\ufeffe\nf', vars: { 'x\ny': 'z\u2029' } });
    const frontMatter = markdown.split('\n---\n')[0]!;
    expect(frontMatter.split('\n')).toHaveLength(9);
    const unprintable = [...frontMatter].filter((char) => {
      const code = char.codePointAt(0)!;
      return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || [0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff].includes(code);
    });
    expect(unprintable).toEqual([]);
  });

  it('adds the other columns as a one-line vars mapping, without repeating topic', () => {
    const { fields } = readFrontMatter(renderArticleMarkdown({ ...article, vars: { topic: 'Coffee', audience: 'kids: 5-7', 'Tone "x"': 'warm' } }));
    expect(fields.vars).toEqual({ audience: 'kids: 5-7', 'Tone "x"': 'warm' });
    expect(renderArticleMarkdown({ ...article, vars: { topic: 'Coffee' } })).not.toContain('vars:');
  });

  it('writes null for an invalid date or count rather than losing the article', () => {
    const { fields, body } = readFrontMatter(
      renderArticleMarkdown({ ...article, createdAt: new Date('nope'), usage: { promptTokens: Number.NaN, completionTokens: 1, totalTokens: 1 } }),
    );
    expect(fields.created).toBeNull();
    expect(fields.prompt_tokens).toBeNull();
    expect(body).toContain('Body.');
  });

  it('leaves a body that already ends in a newline alone', () => {
    expect(renderArticleMarkdown({ ...article, text: 'x\n' }).endsWith('\n\nx\n')).toBe(true);
  });
});

describe('yamlString', () => {
  it('is a JSON string with the characters YAML forbids escaped', () => {
    expect(yamlString('a"b')).toBe('"a\\"b"');
    expect(yamlString('\u0085\u2028')).toBe('"\\u0085\\u2028"');
    expect(yamlString('\ud800')).toBe('"\ufffd"');
  });
});
