import { describe, expect, it } from 'vitest';
import { harness, ofType, terminalsByTask } from './run-harness.ts';
import { httpError, ok } from '../../support/fake-provider.ts';

const serverError = () => httpError(500, { message: 'The server had an error while processing your request.' });

describe('Run: per-task controls', () => {
  it('skips a queued task: it is never sent and ends as skipped', async () => {
    const h = harness(() => ok(1_000), { tasks: 4, settings: { workers: 1 } });
    void h.run.start();
    expect(h.run.skip('t3')).toBe(true);
    const result = await h.finish();
    expect(result.counts).toMatchObject({ done: 3, skipped: 1 });
    expect(h.provider.calls.map((c) => c.request.messages.at(-1)!.content)).not.toContain('Write about topic 3');
    expect(terminalsByTask(h.events).get('t3')).toEqual(['task.skipped']);
  });

  it('skips a task in flight by aborting its request', async () => {
    const h = harness(() => ok(10_000), { tasks: 2, settings: { workers: 2 } });
    void h.run.start();
    await h.clock.advance(100);
    expect(h.run.view.get('t0').status).toBe('running');
    h.run.skip('t0');
    const result = await h.finish();
    expect(h.provider.calls[0]!.aborted).toBe(true);
    expect(result.counts).toMatchObject({ done: 1, skipped: 1 });
    expect(terminalsByTask(h.events).get('t0')).toEqual(['task.skipped']);
  });

  it('skips a task waiting out a backoff: no further attempt is made', async () => {
    const h = harness((call) => (call === 0 ? serverError() : ok(100)), { tasks: 1 });
    void h.run.start();
    await h.clock.advance(150);
    expect(h.run.view.get('t0').status).toBe('retrying');
    h.run.skip('t0');
    const result = await h.finish();
    expect(h.provider.calls).toHaveLength(1);
    expect(result.counts.skipped).toBe(1);
    expect(h.clock.pending).toBe(0);
  });

  it('"retry now" cuts a backoff wait short', async () => {
    const h = harness((call) => (call === 0 ? serverError() : ok(100)), { tasks: 1, settings: { retry: { maxAttempts: 4, baseDelayMs: 30_000, maxDelayMs: 60_000 } } });
    void h.run.start();
    await h.clock.advance(150);
    const scheduled = ofType(h.events, 'retry.scheduled')[0]!;
    expect(scheduled.delayMs).toBeGreaterThan(1_000);
    expect(h.run.retryTask('t0')).toBe(true);
    const result = await h.finish();
    expect(result.counts.done).toBe(1);
    expect(h.provider.calls[1]!.at - h.provider.calls[0]!.endedAt!).toBeLessThan(scheduled.delayMs);
  });

  it('an edited prompt is what the re-run sends, and re-running a done task restarts the run', async () => {
    const h = harness(() => ok(100), { tasks: 2 });
    await h.finish();
    h.run.setPrompt('t1', 'A better prompt about topic 1');
    expect(h.run.retryTask('t1')).toBe(true);
    const result = await h.finish();
    expect(result.counts.done).toBe(2);
    expect(h.provider.calls.at(-1)!.request.messages.at(-1)!.content).toBe('A better prompt about topic 1');
    expect(ofType(h.events, 'task.done').filter((e) => e.taskId === 't1')).toHaveLength(2);
  });

  it('refuses to edit the prompt of a task in flight', async () => {
    const h = harness(() => ok(10_000), { tasks: 1 });
    void h.run.start();
    await h.clock.advance(10);
    expect(() => h.run.setPrompt('t0', 'x')).toThrow(/in flight/);
    await h.run.cancel();
  });

  it('start({ requeue }) resumes cancelled tasks and leaves done ones alone', async () => {
    const h = harness(() => ok(10_000), { tasks: 3, settings: { workers: 3 } });
    void h.run.start();
    await h.clock.advance(10_500); // the probe (t0) finished; t1, t2 in flight
    await h.run.cancel();
    expect(h.run.view.counts).toMatchObject({ done: 1, cancelled: 2 });
    const callsBefore = h.provider.calls.length;
    const resumed = h.run.start({ requeue: ['cancelled'] });
    await h.clock.runUntil(() => h.run.phase === 'finished');
    expect((await resumed).counts.done).toBe(3);
    expect(h.provider.calls.slice(callsBefore).map((c) => c.request.messages.at(-1)!.content)).toEqual(['Write about topic 1', 'Write about topic 2']);
  });
});
