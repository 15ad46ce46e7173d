import { describe, expect, it } from 'vitest';
import { headerNames } from '../../../shared/input/parse-table.ts';
import { parseTopics } from '../../../shared/input/parse-topics.ts';

/** The rule as written in parse-table.ts, checked the slow way: the smallest free `base (n)`, n ≥ 2. */
function byDefinition(cells: readonly string[]): string[] {
  const names: string[] = [];
  cells.forEach((cell, index) => {
    const base = cell.trim() === '' ? `column ${index + 1}` : cell.trim();
    let name = base;
    for (let n = 2; names.includes(name); n++) name = `${base} (${n})`;
    names.push(name);
  });
  return names;
}

/** Every header of exactly `length` cells over `alphabet`. */
function* allHeaders(alphabet: readonly string[], length: number): Generator<string[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const shorter of allHeaders(alphabet, length - 1)) for (const cell of alphabet) yield [...shorter, cell];
}

describe('headerNames', () => {
  it('names every header of up to 5 cells exactly as the rule says, names that look like suffixes included', () => {
    const alphabet = ['a', ' a ', 'a (2)', 'a (3)', 'a (2) (2)', '', 'column 2'];
    let checked = 0;
    for (let length = 1; length <= 5; length++) {
      for (const cells of allHeaders(alphabet, length)) {
        expect(headerNames(cells), JSON.stringify(cells)).toEqual(byDefinition(cells));
        checked++;
      }
    }
    expect(checked).toBe(7 + 7 ** 2 + 7 ** 3 + 7 ** 4 + 7 ** 5);
  });

  // The old search restarted at (2) for every repeat: 40,000 equal names took over a minute.
  it('names 40,000 columns of the same name in linear time', () => {
    const names = headerNames(Array.from({ length: 40_000 }, () => 'keyword'));
    expect(names[0]).toBe('keyword');
    expect(names[1]).toBe('keyword (2)');
    expect(names.at(-1)).toBe('keyword (40000)');
    expect(new Set(names).size).toBe(40_000);
  }, 5_000);

  it('stays linear when the suffixes were taken first by hand', () => {
    const cells = [...Array.from({ length: 20_000 }, (_, i) => `a (${i + 2})`), ...Array.from({ length: 20_000 }, () => 'a')];
    const names = headerNames(cells);
    expect(names.slice(20_000, 20_003)).toEqual(['a', 'a (20002)', 'a (20003)']);
    expect(new Set(names).size).toBe(40_000);
  }, 5_000);

  it('lets parseTopics read a CSV whose header repeats one name 40,000 times', () => {
    const header = Array.from({ length: 40_000 }, () => 'topic').join(',');
    const row = Array.from({ length: 40_000 }, (_, i) => `v${i}`).join(',');
    const parsed = parseTopics(`${header}\n${row}\n`, { format: 'csv' });
    expect(parsed.columns).toHaveLength(40_000);
    expect(parsed.tasks).toEqual([expect.objectContaining({ topic: 'v0' })]);
    expect(parsed.tasks[0]!.vars['topic (40000)']).toBe('v39999');
  }, 5_000);
});
