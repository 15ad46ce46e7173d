import { describe, expect, it } from 'vitest';
import { matchName } from '../../shared/match-name.ts';
import { checkTemplate, renderTemplate, TemplateError, templateVariables } from '../../shared/template.ts';

describe('templateVariables', () => {
  it('lists names trimmed, once each, in order of first use', () => {
    expect(templateVariables('{{ topic }} for {{Audience}}; again {{topic}} and {{ Target keyword }}')).toEqual(['topic', 'Audience', 'Target keyword']);
  });

  it('finds none in plain text, single braces or a lone }}', () => {
    expect(templateVariables('Write {json: 1} about it }} now')).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('fills variables, ignoring spaces inside the braces', () => {
    expect(renderTemplate('Write about {{ topic }} for {{audience}}.', { topic: 'coffee', audience: 'baristas' })).toBe('Write about coffee for baristas.');
  });

  it('prefers the exact name, then a unique case-insensitive match', () => {
    const vars = { topic: 'tea', Audience: 'kids', Notes: 'A', notes: 'b' };
    expect(renderTemplate('{{AUDIENCE}} {{audience}}', vars)).toBe('kids kids');
    expect(renderTemplate('{{Notes}}/{{notes}}', vars)).toBe('A/b');
  });

  it('does not expand a value that itself looks like a variable', () => {
    expect(renderTemplate('{{topic}} / {{other}}', { topic: '{{other}}', other: 'x' })).toBe('{{other}} / x');
  });

  it('inserts values literally, even $& and $1 (no regex replacement semantics)', () => {
    expect(renderTemplate('[{{topic}}]', { topic: '$& $1 $$' })).toBe('[$& $1 $$]');
  });

  it('keeps text around braces that are not variables', () => {
    expect(renderTemplate('{ {{topic}} }}}', { topic: 'x' })).toBe('{ x }}}');
  });

  it('throws a TemplateError for an unknown variable, listing what is available', () => {
    const render = () => renderTemplate('About {{topic}}\nfor {{audiance}}', { topic: 'x', audience: 'y' });
    expect(render).toThrow(TemplateError);
    expect(render).toThrow(/Unknown variable \{\{audiance\}\} at line 2, column 5.*"topic", "audience"/);
  });

  it('does not resolve names through the prototype chain', () => {
    expect(() => renderTemplate('{{constructor}}', { topic: 'x' })).toThrow(/Unknown variable \{\{constructor\}\}/);
  });

  it('renders correctly after switching between templates (the parse cache is per template)', () => {
    expect(renderTemplate('A {{topic}}', { topic: 'x' })).toBe('A x');
    expect(renderTemplate('B {{topic}}', { topic: 'y' })).toBe('B y');
    expect(renderTemplate('A {{topic}}', { topic: 'z' })).toBe('A z');
  });
});

describe('checkTemplate', () => {
  const columns = ['Keyword', 'audience', 'Notes', 'notes'];

  it('accepts a template whose variables all exist; topic is always available', () => {
    expect(checkTemplate('{{topic}} {{keyword}} {{ AUDIENCE }} {{Notes}}', columns)).toBeNull();
    expect(checkTemplate('{{topic}}', [])).toBeNull();
  });

  it('reports an unknown variable with its position and the available names', () => {
    const error = checkTemplate('Write {{topic}} for {{tone}}', columns);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error?.code).toBe('unknown_variable');
    expect(error?.variable).toBe('tone');
    expect(error?.index).toBe(20);
    expect(error?.message).toBe(
      'Unknown variable {{tone}} at line 1, column 21: the input has no column named "tone". ' +
        'Available: "topic", "Keyword", "audience", "Notes", "notes". Use one of these names or rename the column in your file.',
    );
  });

  it('reports names that match several columns only case-insensitively', () => {
    const error = checkTemplate('{{NOTES}}', columns);
    expect(error?.code).toBe('ambiguous_variable');
    expect(error?.message).toContain('"Notes", "notes"');
  });

  it('reports an unclosed {{ with its line and column', () => {
    const error = checkTemplate('Line one\n  Write about {{topic', ['topic']);
    expect(error?.code).toBe('unclosed_variable');
    expect(error?.index).toBe(23);
    expect(error?.message).toMatch(/The \{\{ at line 2, column 15 is not closed/);
  });

  it('treats a {{ whose }} is on a later line, or after another {{, as unclosed', () => {
    expect(checkTemplate('{{topic\n}}', [])?.code).toBe('unclosed_variable');
    expect(checkTemplate('{{a {{topic}}', [])?.code).toBe('unclosed_variable');
  });

  it('reports empty names and stray braces in names', () => {
    expect(checkTemplate('About {{  }}', [])?.code).toBe('empty_variable');
    expect(checkTemplate('About {{{topic}}}', [])?.code).toBe('invalid_variable');
  });

  it('makes renderTemplate throw the same error', () => {
    expect(() => renderTemplate('About {{topic', { topic: 'x' })).toThrow(/not closed/);
  });
});

describe('matchName', () => {
  it('trims, matches exactly first, then uniquely case-insensitively', () => {
    expect(matchName('  Notes ', ['Notes', 'notes'])).toEqual({ kind: 'found', name: 'Notes' });
    expect(matchName('KEYWORD', ['keyword'])).toEqual({ kind: 'found', name: 'keyword' });
    expect(matchName('NOTES', ['Notes', 'notes'])).toEqual({ kind: 'ambiguous', candidates: ['Notes', 'notes'] });
    expect(matchName('x', ['y'])).toEqual({ kind: 'missing' });
  });
});
