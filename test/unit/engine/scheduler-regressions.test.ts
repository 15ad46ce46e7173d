import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/domain/events.ts';
import { harness, ofType, terminalsByTask } from './run-harness.ts';
import { httpError, ok, rateLimited429, refused } from '../../support/fake-provider.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import type { Call } from '../../support/fake-provider.ts';

const serverError = () => httpError(500, { message: 'The server had an error while processing your request.' });
const promptOf = (call: Call) => call.request.messages.at(-1)!.content;

/** Each of these failed on the run controller before the scheduler was rebuilt (issue 8, A–G). */
describe('Run scheduler: regressions', () => {
  it('A: a task skipped while waiting its turn, then retried now, is sent once and the pool limit holds', async () => {
    // t3 streams longest, so it is still in flight when a stale queue entry would start it again.
    const h = harness((_, request) => ok(request.messages.at(-1)!.content.endsWith('topic 3') ? 5_000 : 1_000), { tasks: 4, settings: { workers: 2 } });
    void h.run.start();
    expect(h.run.skip('t3')).toBe(true);
    expect(h.run.retryTask('t3')).toBe(true);
    const result = await h.finish();
    expect(result.counts.done).toBe(4);
    expect(h.provider.calls.filter((c) => promptOf(c) === 'Write about topic 3')).toHaveLength(1);
    expect(terminalsByTask(h.events).get('t3')).toEqual(['task.skipped', 'task.done']);
    expect(h.provider.maxInFlight).toBe(2);
  });

  it('B: retry-failed starts a new round: a task that used every attempt gets the whole budget again', async () => {
    // maxAttempts is 4; the stored task has used all four.
    const h = harness(() => serverError(), { tasks: 1, seed: () => ({ status: 'failed', attempts: 4 }) });
    const first = h.run.start({ requeue: ['failed'] });
    await h.clock.runUntil(() => h.run.view.get('t0').status === 'failed');
    expect((await first).counts.failed).toBe(1);
    expect(h.provider.calls).toHaveLength(4);
    // Attempts keep their numbers across rounds (the store keys them), the budget is per round.
    expect(ofType(h.events, 'attempt.started').map((e) => e.attempt)).toEqual([5, 6, 7, 8]);
    expect(ofType(h.events, 'task.failed')[0]!.error.message).toMatch(/^Gave up after 4 attempts/);

    expect(h.run.retryFailed()).toBe(1);
    await h.finish();
    expect(h.provider.calls).toHaveLength(8);
    expect(ofType(h.events, 'task.failed').map((e) => e.error.message.slice(0, 24))).toEqual(['Gave up after 4 attempts', 'Gave up after 4 attempts']);
  });

  it('C: a resume announces each requeued task once', async () => {
    const statuses = ['done', 'cancelled', 'cancelled', 'running', 'queued'] as const;
    const h = harness(() => ok(100), { tasks: 5, seed: (i) => ({ status: statuses[i], attempts: i === 0 || i === 3 ? 1 : 0 }) });
    h.run.start({ requeue: ['cancelled'] });
    await h.finish();
    const queued = ofType(h.events, 'task.queued').map((e) => e.taskId);
    // t0 is done and stays so; t4 is queued already, so nothing changes for it.
    expect(queued).toEqual(['t1', 't2', 't3']);
    expect(ofType(h.events, 'task.done').map((e) => e.taskId).sort()).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('E: a retry-after longer than Pacer holds a run open stops the run, saying when to resume', async () => {
    const fiveHours = 5 * 3_600_000;
    const h = harness((call) => (call === 0 ? rateLimited429(fiveHours) : ok(100)), { tasks: 3 });
    const result = await h.finish();
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('retry_after_too_long');
    expect(result.error?.message).toMatch(/5 h 0 min/);
    expect(result.error?.message).toMatch(/resume/i);
    expect(h.provider.calls).toHaveLength(1);
    expect(result.counts.cancelled).toBe(3);
  });
});

describe('Run scheduler: G, an error thrown in a timer callback', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
  });

  it('F: a server that goes away stops the run as unreachable even when every timer fires a millisecond early', async () => {
    // Node's setTimeout may fire while Date.now() reads short of the deadline. The outage windows
    // used to end by the clock, so a window still "held" when the last timer had fired: the run
    // then waited forever with tasks ready and nothing in flight (unreachable-server.test.ts hung).
    const clock = new FakeClock(1_700_000_000_000, { firesEarlyMs: 1 });
    const h = harness((call) => (call < 2 ? ok(100) : refused()), { tasks: 6, clock });
    const result = await h.finish();
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('server_unreachable');
    expect(h.run.phase).toBe('finished');
    expect(h.provider.inFlight).toBe(0);
    expect(result.counts.done).toBe(2);
  });

  it('a listener failing on an event the limiter emits from its timer stops the run with the message', async () => {
    // The cool-down ends on the limiter's timer; the next waiter's reason changes then (cool-down
    // to requests), and that task.waiting is where the store fails.
    const h = harness((call) => (call === 0 ? rateLimited429(2_000) : ok(100)), { tasks: 3, settings: { rpm: 60, workers: 3, burst: { requests: 1 } } });
    const sawCooldown = new Set<string>();
    let thrown = 0;
    h.run.on((event: EngineEvent) => {
      if (event.type !== 'task.waiting') return;
      if (event.reason === 'cooldown') sawCooldown.add(event.taskId);
      else if (sawCooldown.has(event.taskId) && thrown++ === 0) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    const result = await h.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    expect(thrown).toBe(1);
    expect(result.outcome).toBe('stopped');
    expect(result.error).toMatchObject({ code: 'SQLITE_FULL', message: expect.stringMatching(/disk is full/) });
    expect(ofType(h.events, 'run.finished')).toHaveLength(1);
  });
});
