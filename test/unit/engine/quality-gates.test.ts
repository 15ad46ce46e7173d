import { describe, expect, it } from 'vitest';
import { harness, ofType } from './run-harness.ts';
import { httpError, ok } from '../../support/fake-provider.ts';

const SHORT = '# Topic\n\nToo short.';
const LONG = `# Topic\n\n${'word '.repeat(60)}`;
const serverError = () => httpError(500, { message: 'The server had an error while processing your request.', type: 'server_error' });

describe('quality gates in the run', () => {
  it('regenerates a failing article with a budget apart from transport retries, each regeneration its own attempt', async () => {
    // One task; max 2 attempts per transport round. Replies: 500, short, 500, short, long.
    // Were regenerations and transport retries one budget, the task would have failed at the second 500.
    const script = [serverError(), ok(10, { text: SHORT }), serverError(), ok(10, { text: SHORT }), ok(10, { text: LONG })];
    const h = harness((call) => script[call]!, { tasks: 1, settings: { retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 100 }, gates: { maxRegenerations: 2, words: { min: 50 } } } });
    const result = await h.finish();
    expect(result.counts.done).toBe(1);
    expect(ofType(h.events, 'attempt.started').map((e) => [e.attempt, e.regeneration])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, 1],
      [4, 1],
      [5, 2],
    ]);
    const rejected = ofType(h.events, 'attempt.rejected');
    expect(rejected.map((e) => [e.attempt, e.regeneration])).toEqual([
      [2, 1],
      [4, 2],
    ]);
    expect(rejected[0]!.gates).toEqual([{ gate: 'words', passed: false, reason: '3 words, at least 50 required' }]);
    const done = ofType(h.events, 'task.done')[0]!;
    expect(done.gates).toEqual([{ gate: 'words', passed: true, reason: '61 words (at least 50)' }]);
    expect(h.run.view.get('t0')).toMatchObject({ status: 'done', regenerations: 2 });
  });

  it('marks the task "needs review" once its regenerations are spent, with the last verdict', async () => {
    const h = harness(() => ok(10, { text: SHORT }), { tasks: 3, settings: { gates: { maxRegenerations: 1, words: { min: 50 } } } });
    const result = await h.finish();
    expect(result.outcome).toBe('completed');
    expect(result.counts).toMatchObject({ done: 0, needs_review: 3 });
    expect(h.provider.calls).toHaveLength(6);
    const review = ofType(h.events, 'task.needs_review');
    expect(review.map((e) => e.taskId).sort()).toEqual(['t0', 't1', 't2']);
    expect(review.every((e) => e.attempt === 2 && e.gates[0]?.passed === false)).toBe(true);
  });

  it('passes every article straight through when the run has no gates', async () => {
    const h = harness(() => ok(10, { text: SHORT }), { tasks: 2 });
    const result = await h.finish();
    expect(result.counts.done).toBe(2);
    expect(ofType(h.events, 'attempt.rejected')).toEqual([]);
    expect(ofType(h.events, 'task.done').every((e) => e.gates === undefined)).toBe(true);
  });

  it('compares with the articles that passed, including those done before this engine started', async () => {
    const same = '# Coffee\n\nCoffee is brewed from roasted beans and water, and it is enjoyed around the world every single morning by many people.';
    const h = harness(() => ok(10, { text: same }), {
      tasks: 2,
      settings: { gates: { maxRegenerations: 0, nearDuplicate: { threshold: 0.8 } } },
      seed: (i) => (i === 0 ? { status: 'done', text: same } : {}),
    });
    const result = await h.finish();
    expect(result.counts).toMatchObject({ done: 1, needs_review: 1 });
    expect(ofType(h.events, 'task.needs_review')[0]).toMatchObject({ taskId: 't1', gates: [{ gate: 'nearDuplicate', passed: false, reason: 'near-duplicate of task t0 (Jaccard 1.00)' }] });
  });
});
