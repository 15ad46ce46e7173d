import { describe, expect, it } from 'vitest';
import { countWords, keyWords, stem, terms } from '../../../shared/quality/text-terms.ts';

describe('countWords', () => {
  it('counts words as a reader does, not Markdown marks, images, link targets or tags', () => {
    expect(countWords('# A well-known café\n\nDon’t *stop*: read [the guide](https://example.com/a-b-c) now. ![alt text](img.png) <br/>')).toBe(9);
    expect(countWords('')).toBe(0);
    expect(countWords('- one\n- two\n\n1. three')).toBe(3);
  });
});

describe('terms and stems', () => {
  it('lower-cases, drops accents and splits hyphenated words for matching', () => {
    expect(terms('Crème Brûlée self-hosted GRINDER’s')).toEqual(['creme', 'brulee', 'self', 'hosted', 'grinder', 's']);
  });

  it('brings English plurals and their singulars to one form', () => {
    for (const [a, b] of [
      ['grinders', 'grinder'],
      ['stories', 'story'],
      ['boxes', 'box'],
      ['caches', 'cache'],
      ['espressos', 'espresso'],
      ['buses', 'bus'],
    ]) {
      expect(stem(a as string), `${a} ~ ${b}`).toBe(stem(b as string));
    }
    expect(stem('glass')).toBe('glass');
    expect(stem('analysis')).toBe('analysis');
  });
});

describe('keyWords', () => {
  it('keeps the significant words of a topic, once each, in order', () => {
    expect(keyWords('How to choose the best espresso grinder for home use in 2024')).toEqual(['choose', 'best', 'espresso', 'grinder', 'home', 'use', '2024']);
    expect(keyWords('Grinders and the grinder')).toEqual(['grinders']);
    expect(keyWords('How to do it')).toEqual([]);
  });
});
