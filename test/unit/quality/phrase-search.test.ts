import { describe, expect, it } from 'vitest';
import { DEFAULT_BANNED_PHRASES } from '../../../shared/quality/default-phrases.ts';
import { findPhrases } from '../../../shared/quality/phrase-search.ts';

describe('findPhrases', () => {
  it('finds phrases without regard to case, spacing or curly apostrophes, with the line', () => {
    const text = 'Intro.\n\nas an AI   language\nmodel, I can’t help with that.';
    expect(findPhrases(text, ['As an AI language model', "I can't help with", 'Lorem ipsum'])).toEqual([
      { phrase: 'As an AI language model', line: 3 },
      { phrase: "I can't help with", line: 4 },
    ]);
  });

  it('matches whole words only where a phrase begins or ends with a letter', () => {
    expect(findPhrases('Scanning the TODOS list', ['TODO'])).toEqual([]);
    expect(findPhrases('Write about [insertion sort] and [Insert keyword here]', ['[insert'])).toEqual([{ phrase: '[insert', line: 1 }]);
    expect(findPhrases('Say {{name}} here', ['{{'])).toEqual([{ phrase: '{{', line: 1 }]);
  });

  it('matches a phrase in capitals only in capitals, so a todo app is not a placeholder', () => {
    expect(findPhrases('The best todo app of the year', DEFAULT_BANNED_PHRASES)).toEqual([]);
    expect(findPhrases('TODO: write the conclusion', DEFAULT_BANNED_PHRASES)).toEqual([{ phrase: 'TODO', line: 1 }]);
  });
});
