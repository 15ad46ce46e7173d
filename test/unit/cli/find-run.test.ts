import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/cli/exit-codes.ts';
import { findRun, shortRunIds } from '../../../electron/cli/find-run.ts';
import type { RunSummary } from '../../../electron/store/types.ts';
import { emptyCounts } from '../../../shared/domain/task.ts';

function run(id: string, createdAt = Date.UTC(2026, 10, 29, 9, 0, 0)): RunSummary {
  return {
    id,
    name: `Run ${id}`,
    status: 'completed',
    model: 'gpt-test',
    total: 1,
    counts: { ...emptyCounts(), done: 1 },
    outDir: null,
    createdAt,
    updatedAt: createdAt,
    finishedAt: createdAt,
    error: null,
    startedAt: createdAt,
    endedAt: createdAt,
    costUsd: null,
    rateLimited: 0,
  };
}

function usageMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

const RUNS = [
  run('3f2a9c1e-0b7d-4c55-9a61-2d4f8e0c1a11'),
  run('3f2a9c77-5e21-4d0a-8b3c-7a9e6f1d2b22'),
  run('b81c04d2-9f3e-4a17-b6d5-0c8e2a7f9d33'),
];

describe('findRun', () => {
  it('accepts a full id, and a unique prefix of 6 or more characters in any case, trimmed', () => {
    expect(findRun(RUNS, '3f2a9c1e-0b7d-4c55-9a61-2d4f8e0c1a11').id).toBe(RUNS[0]!.id);
    expect(findRun(RUNS, 'b81c04').id).toBe(RUNS[2]!.id);
    expect(findRun(RUNS, ' B81C04D2 ').id).toBe(RUNS[2]!.id);
    expect(findRun(RUNS, '3f2a9c1').id).toBe(RUNS[0]!.id);
  });

  it('prefers an exact id to a longer id that starts with it, and takes short ids only in full', () => {
    const runs = [run('r'), run('nightly'), run('nightly-2')];
    expect(findRun(runs, 'r').id).toBe('r');
    expect(findRun(runs, 'nightly').id).toBe('nightly');
    expect(findRun(runs, 'nightly-').id).toBe('nightly-2');
  });

  it('says how to find ids when nothing matches', () => {
    expect(usageMessage(() => findRun(RUNS, 'c0ffee'))).toBe(
      'No run has the id "c0ffee" or an id starting with it. List the runs and their ids with `pacer runs` (npm run cli -- runs).',
    );
    expect(usageMessage(() => findRun([], 'zz'))).toMatch(/^No run has the id "zz"\. List the runs/);
    expect(usageMessage(() => findRun(RUNS, '  '))).toMatch(/^Missing the run id\./);
  });

  it('refuses a prefix shorter than 6 characters, saying how many runs it would fit', () => {
    expect(usageMessage(() => findRun(RUNS, 'b81c'))).toBe(
      'Run id "b81c" is too short: give at least 6 characters of the id (1 run starts with it). List the runs and their ids with `pacer runs` (npm run cli -- runs).',
    );
  });

  it('lists the candidates of an ambiguous prefix', () => {
    expect(usageMessage(() => findRun(RUNS, '3f2a9c'))).toBe(
      [
        'Run id "3f2a9c" is ambiguous: 2 runs start with it. Type more of the id:',
        '  3f2a9c1e-0b7d-4c55-9a61-2d4f8e0c1a11  2026-11-29T09:00:00.000Z  completed',
        '  3f2a9c77-5e21-4d0a-8b3c-7a9e6f1d2b22  2026-11-29T09:00:00.000Z  completed',
      ].join('\n'),
    );
  });

  it('lists at most 10 candidates', () => {
    const many = Array.from({ length: 12 }, (_, n) => run(`abcdef-${String(n).padStart(2, '0')}`));
    const lines = usageMessage(() => findRun(many, 'abcdef')).split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('  …and 2 more');
  });
});

describe('shortRunIds', () => {
  it('shortens ids to 8 characters, or as many as it takes to tell them apart', () => {
    const shortIds = shortRunIds(RUNS);
    expect([...shortIds.values()]).toEqual(['3f2a9c1e', '3f2a9c77', 'b81c04d2']);
    const close = [run('aaaaaaaaaa-1'), run('aaaaaaaaaa-2'), run('r')];
    expect([...shortRunIds(close).values()]).toEqual(['aaaaaaaaaa-1', 'aaaaaaaaaa-2', 'r']);
  });

  it('gives short ids that findRun maps back to their runs', () => {
    const runs = [...RUNS, run('3f2a9c1e-0b7d-ffff'), run('3f2a9c1')];
    for (const [id, shortId] of shortRunIds(runs)) expect(findRun(runs, shortId).id).toBe(id);
  });
});
