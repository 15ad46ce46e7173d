import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../electron/engine/random.ts';
import { articleFileName, fileNameKey } from '../../../electron/export/file-names.ts';

const name = (topic: string, taken = new Set<string>()) => articleFileName(topic, taken);

describe('articleFileName', () => {
  it('turns a topic into a lower-case slug', () => {
    expect(name('How to Brew Pour-Over Coffee?')).toBe('how-to-brew-pour-over-coffee.md');
    expect(name('  --Paris, France: a 3-day  itinerary!!  ')).toBe('paris-france-a-3-day-itinerary.md');
  });

  it('never leaves the folder', () => {
    expect(name('../../etc/passwd')).toBe('etc-passwd.md');
    expect(name('..\\..\\windows\\system32')).toBe('windows-system32.md');
    expect(name('..')).toBe('article.md');
    expect(name('.')).toBe('article.md');
    expect(name('／etc／passwd')).toBe('etc-passwd.md'); // full-width solidus, folded by NFKC
  });

  it('keeps letters and digits of every script, and their combining marks', () => {
    expect(name('東京のラーメンガイド')).toBe('東京のラーメンガイド.md');
    expect(name('Café Über Straße')).toBe('café-über-straße.md');
    expect(name('हिन्दी लेख')).toBe('हिन्दी-लेख.md');
    expect(name('🚀 Rocket launches 🚀')).toBe('rocket-launches.md');
  });

  it('falls back to "article" when nothing is left', () => {
    expect(name('')).toBe('article.md');
    expect(name('🚀🚀 ?!')).toBe('article.md');
    expect(name('\u200b\u202e')).toBe('article.md');
  });

  it('avoids Windows device names, whatever the case', () => {
    expect(name('CON')).toBe('con-file.md');
    expect(name('nul')).toBe('nul-file.md');
    expect(name('Com1')).toBe('com1-file.md');
    expect(name('LPT9')).toBe('lpt9-file.md');
    expect(name('COM¹')).toBe('com1-file.md');
    expect(name('console')).toBe('console.md');
  });

  it('cuts long topics to 80 characters without splitting a surrogate pair or ending in "-"', () => {
    expect(name('a'.repeat(200))).toBe(`${'a'.repeat(80)}.md`);
    const astral = `${'b'.repeat(79)}𠀀more`; // 𠀀 (a CJK letter) is a surrogate pair at units 79-80
    expect(name(astral)).toBe(`${'b'.repeat(79)}.md`);
    expect(name(`${'c'.repeat(79)} and more`)).toBe(`${'c'.repeat(79)}.md`);
  });

  it('numbers repeats, comparing case-insensitively, and records each name in taken', () => {
    const taken = new Set([fileNameKey('Coffee.md'), fileNameKey('coffee-2.md')]);
    expect(articleFileName('coffee', taken)).toBe('coffee-3.md');
    expect(articleFileName('COFFEE', taken)).toBe('coffee-4.md');
    expect(taken.has('coffee-3.md') && taken.has('coffee-4.md')).toBe(true);
  });

  it('treats an existing NFD (macOS) name as taken', () => {
    const taken = new Set([fileNameKey('Cafe\u0301.md')]);
    expect(articleFileName('Café', taken)).toBe('café-2.md');
  });

  it('uses the given extension and refuses an unsafe one', () => {
    expect(articleFileName('x', new Set(), '.json')).toBe('x.json');
    expect(() => articleFileName('x', new Set(), '/../x')).toThrow(/File extension "\/\.\.\/x" is not allowed/);
  });

  it('never yields a separator, a dot name, a device name, an empty name or a collision for 2,000 hostile topics', () => {
    const random = seededRandom(42);
    const pieces = ['..', '.', '/', '\\', ':', '*', '?', '"', '<', '>', '|', '\0', '\n', ' ', '-', 'CON', 'nul', 'com1', 'LPT¹', 'a', 'Z', '9',
      'é', 'e\u0301', '東', '🚀', '\ud800', '\udfff', '\u202e', '\u200b', '／', '．', 'Ａ', 'İ', 'ß', '\u0000', '%2e%2e', '~', '$'];
    const taken = new Set<string>();
    const names = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      let topic = '';
      const length = Math.floor(random() * 40);
      for (let k = 0; k < length; k++) topic += pieces[Math.floor(random() * pieces.length)]!;
      if (i % 10 === 0) topic = topic.repeat(20); // long ones too
      const fileName = articleFileName(topic, taken);
      const base = fileName.slice(0, -'.md'.length);
      expect(fileName).toMatch(/\.md$/);
      expect(fileName).not.toMatch(/[/\\:*?"<>|\0\n\r]/);
      expect(base).not.toMatch(/^\.*$/);
      expect(base.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i);
      expect(fileName.isWellFormed()).toBe(true);
      expect(base.length).toBeLessThanOrEqual(80 + '-2000'.length);
      expect(names.has(fileNameKey(fileName))).toBe(false);
      names.add(fileNameKey(fileName));
    }
    expect(names.size).toBe(2_000);
  });
});
