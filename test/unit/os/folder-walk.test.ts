import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkToExisting, walkToExistingSync } from '../../../electron/os/folder-walk.ts';

/** `/l0/l1/…` of `depth` levels. */
const folder = (depth: number) => path.join('/', ...Array.from({ length: depth }, (_, i) => `l${i}`));

describe('the folder walk (data folder and export folder)', () => {
  it('finds the nearest existing level and lists the missing ones outermost first, both ways alike', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), async (depth, existingDepth) => {
        const exists = (level: string) => level.split('/').filter(Boolean).length <= existingDepth;
        const looked: string[] = [];
        const walk = walkToExistingSync(folder(depth), (level) => (looked.push(level), exists(level)));
        const nearest = Math.min(depth, existingDepth);
        expect(walk).toEqual({ existing: folder(nearest), missing: Array.from({ length: depth - nearest }, (_, i) => folder(nearest + i + 1)) });
        // Each level is looked at once, from the folder upwards, and nothing above the nearest one.
        expect(looked).toEqual([...walk.missing].reverse().concat(walk.existing));
        expect(await walkToExisting(folder(depth), async (level) => exists(level))).toEqual(walk);
      }),
    );
  });

  it('ends at a root that does not exist, and a refusal from a level stops it', async () => {
    expect(walkToExistingSync('/a/b', () => false)).toEqual({ existing: '/', missing: ['/a', '/a/b'] });
    const file = new Error('/a is a file');
    await expect(walkToExisting('/a/b', async (level) => {
      if (level === '/a') throw file;
      return false;
    })).rejects.toBe(file);
  });
});
