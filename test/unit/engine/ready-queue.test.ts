import { describe, expect, it } from 'vitest';
import { ReadyQueue } from '../../../electron/engine/ready-queue.ts';

function drain(queue: ReadyQueue): string[] {
  const out: string[] = [];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) out.push(id);
  return out;
}

describe('ReadyQueue', () => {
  it('serves retries before fresh tasks, each lane in order', () => {
    const queue = new ReadyQueue();
    for (const id of ['a', 'b', 'c']) queue.push(id, 'fresh');
    queue.push('r1', 'retry');
    queue.push('r2', 'retry');
    expect(drain(queue)).toEqual(['r1', 'r2', 'a', 'b', 'c']);
    expect(queue.size).toBe(0);
  });

  it('holds a task once: a second push throws, and one that left and came back is served once, in its new place', () => {
    const queue = new ReadyQueue();
    queue.push('a', 'fresh');
    queue.push('b', 'fresh');
    expect(() => queue.push('a', 'retry')).toThrow(/already in the ready queue/);
    expect(queue.remove('a')).toBe(true);
    expect(queue.remove('a')).toBe(false);
    queue.push('c', 'fresh');
    queue.push('a', 'fresh');
    expect(queue.size).toBe(3);
    expect(drain(queue)).toEqual(['b', 'c', 'a']);
  });

  it('stays correct through many pushes, removals and shifts (the consumed prefix is reclaimed)', () => {
    const queue = new ReadyQueue();
    const expected: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      queue.push(`t${i}`, 'fresh');
      if (i % 7 === 0) queue.remove(`t${i}`);
      else expected.push(`t${i}`);
    }
    expect(drain(queue)).toEqual(expected);
  });
});
