import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/domain/events.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import type { TaskStatus } from '../../../shared/domain/task.ts';
import { isTerminal } from '../../../shared/domain/task.ts';
import { costUsd, priceFor } from '../../../shared/pricing.ts';
import { seededRandom } from '../../../electron/engine/random.ts';
import { Run } from '../../../electron/engine/run.ts';
import { FakeClock, flushMicrotasks } from '../../support/fake-clock.ts';
import type { Reply } from '../../support/fake-provider.ts';
import { dropped, FakeProvider, hang, httpError, ok, rateLimited429, refused } from '../../support/fake-provider.ts';

/**
 * Random runs on a fake clock: random provider outcomes and random controls at random moments,
 * then the invariants every run must keep, whatever happened. fast-check shrinks a failure to the
 * shortest scenario it can find, printed as the plan below.
 */
type Outcome = 'ok' | 'short' | 'slow' | '429' | '429 no retry-after' | '500' | 'hang' | 'drop' | 'refused';
type Control =
  | { readonly do: 'pause' | 'resume' | 'cancel' | 'retry failed' | 'resume run' }
  | { readonly do: 'skip' | 'retry now'; readonly task: number }
  | { readonly do: 'rpm'; readonly rpm: number }
  | { readonly do: 'workers'; readonly workers: number | 'auto' };
interface Step {
  readonly afterMs: number;
  readonly control: Control;
}
interface Plan {
  readonly tasks: number;
  readonly workers: number | 'auto';
  readonly maxAttempts: number;
  /** Regenerations allowed when the run has a quality gate (a 'short' reply fails it); null: no gates. */
  readonly regenerations: number | null;
  /** The provider answers call n with outcomes[n % length]. */
  readonly outcomes: readonly Outcome[];
  readonly steps: readonly Step[];
  /** US dollars; each request reserves ~3e-5 $ and is billed ~3e-6 $. */
  readonly budgetUsd: number | null;
}

const TIMEOUT_MS = 2_000;
const MAX_TOKENS = 50;
const PRICE = priceFor('gpt-4o-mini')!;

function reply(outcome: Outcome): Reply {
  switch (outcome) {
    case 'ok':
      return ok(400);
    case 'short':
      return ok(300, { text: 'No.' });
    case 'slow':
      return ok(3_000);
    case '429':
      return rateLimited429(1_500);
    case '429 no retry-after':
      return httpError(429, { message: 'Rate limit reached for requests', code: 'rate_limit_exceeded' });
    case '500':
      return httpError(500, { message: 'The server had an error while processing your request.' });
    case 'hang':
      return hang();
    case 'drop':
      return dropped(200);
    case 'refused':
      return refused();
  }
}

const workers = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant('auto' as const));
const control: fc.Arbitrary<Control> = fc.oneof(
  fc.constantFrom<Control>({ do: 'pause' }, { do: 'resume' }, { do: 'cancel' }, { do: 'retry failed' }, { do: 'resume run' }),
  fc.record({ do: fc.constantFrom('skip' as const, 'retry now' as const), task: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ do: fc.constant('rpm' as const), rpm: fc.constantFrom(30, 600, 60_000) }),
  fc.record({ do: fc.constant('workers' as const), workers }),
);
const plan: fc.Arbitrary<Plan> = fc.record({
  tasks: fc.integer({ min: 1, max: 6 }),
  workers,
  maxAttempts: fc.integer({ min: 1, max: 4 }),
  regenerations: fc.option(fc.integer({ min: 0, max: 2 })),
  outcomes: fc.array(
    fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'ok', 'short', 'slow', '429', '429 no retry-after', '500', 'hang', 'drop', 'refused'),
    { minLength: 1, maxLength: 12 },
  ),
  steps: fc.array(fc.record({ afterMs: fc.integer({ min: 0, max: 2_500 }), control }), { maxLength: 10 }),
  budgetUsd: fc.option(fc.constantFrom(0.000_04, 0.000_07, 0.000_2), { nil: null }),
});

/** Every way a run can break its promises, checked on each event and at each run.finished. */
class Invariants {
  readonly violations: string[] = [];
  private readonly status = new Map<string, TaskStatus>();
  private readonly attemptOpen = new Set<string>();
  private lastSeq = 0;
  private going = false;
  /** The largest pool the run has announced: requests in flight never exceed it. */
  maxWorkers = 1;
  /** Every reply's cost and every failed attempt's bill, over all starts. */
  billedUsd = 0;
  /** The largest worst case of a request sent (its reserved prompt and max_tokens, at the price). */
  largestWorstUsd = 0;

  constructor(taskIds: readonly string[]) {
    for (const id of taskIds) this.status.set(id, 'queued');
  }

  onEvent(event: EngineEvent): void {
    const broke = (what: string) => this.violations.push(`seq ${event.seq} ${event.type}: ${what}`);
    if (event.seq !== this.lastSeq + 1) broke(`seq ${event.seq} follows ${this.lastSeq}`);
    this.lastSeq = event.seq;
    if (event.type === 'run.started') {
      if (this.going) broke('a second run.started before run.finished');
      this.going = true;
      return;
    }
    if (!this.going) broke('an event outside a started run');
    if (event.type === 'run.limits') this.maxWorkers = Math.max(this.maxWorkers, event.workers);
    if (event.type === 'run.finished') {
      this.going = false;
      const open = [...this.status].filter(([, status]) => !isTerminal(status));
      if (open.length > 0) broke(`finished (${event.outcome}) with tasks not ended: ${open.map(([id, s]) => `${id} ${s}`).join(', ')}`);
      if (event.error?.code === 'internal') broke(`stopped by a bug: ${event.error.message}`);
      return;
    }
    if (!('taskId' in event)) return;
    const id = event.taskId;
    const before = this.status.get(id)!;
    switch (event.type) {
      case 'attempt.started':
        this.largestWorstUsd = Math.max(this.largestWorstUsd, costUsd(PRICE, event.estimatedTokens - MAX_TOKENS, MAX_TOKENS));
        if (this.attemptOpen.has(id)) broke(`${id} started an attempt while one was open`);
        this.attemptOpen.add(id);
        this.status.set(id, 'running');
        return;
      case 'attempt.failed':
        this.billedUsd += event.costUsd ?? 0;
        this.attemptOpen.delete(id);
        return;
      case 'attempt.rejected':
        this.billedUsd += event.costUsd ?? 0;
        if (!this.attemptOpen.has(id)) broke(`${id} rejected without an attempt in flight`);
        this.attemptOpen.delete(id);
        this.status.set(id, 'retrying');
        return;
      case 'task.queued':
        this.status.set(id, 'queued');
        return;
      case 'task.waiting':
        this.status.set(id, 'waiting');
        return;
      case 'retry.scheduled':
        this.status.set(id, 'retrying');
        return;
      case 'attempt.progress':
        return;
      case 'task.done':
      case 'task.needs_review':
      case 'task.failed':
      case 'task.cancelled':
      case 'task.skipped': {
        const relabel = event.type === 'task.skipped' && (before === 'failed' || before === 'cancelled');
        if (isTerminal(before) && !relabel) broke(`${id} ended twice in one round (${before}, then ${event.type})`);
        if ((event.type === 'task.done' || event.type === 'task.needs_review') && !this.attemptOpen.has(id)) broke(`${id} ${event.type} without an attempt in flight`);
        if (event.type === 'task.done' || event.type === 'task.needs_review') this.billedUsd += event.costUsd ?? 0;
        this.attemptOpen.delete(id);
        this.status.set(id, event.type.slice('task.'.length) as TaskStatus);
        return;
      }
    }
  }
}

async function check(p: Plan): Promise<void> {
  const clock = new FakeClock();
  const provider = new FakeProvider(clock, (call) => reply(p.outcomes[call % p.outcomes.length]!));
  const ids = Array.from({ length: p.tasks }, (_, i) => `t${i}`);
  const run = new Run({
    id: 'prop',
    settings: RunSettingsSchema.parse({
      rpm: 600,
      tpm: 10_000_000,
      workers: p.workers,
      maxTokens: MAX_TOKENS,
      promptTemplate: 'Write about {{topic}}',
      requestTimeoutMs: TIMEOUT_MS,
      retry: { maxAttempts: p.maxAttempts, baseDelayMs: 200, maxDelayMs: 2_000 },
      budgetUsd: p.budgetUsd,
      gates: p.regenerations === null ? null : { maxRegenerations: p.regenerations, words: { min: 3 } },
    }),
    tasks: ids.map((id, index) => ({ id, index, topic: `topic ${index}`, vars: {} })),
    provider,
    clock,
    random: seededRandom(7),
    unreachable: { probes: 2, baseDelayMs: 500, maxDelayMs: 1_000 },
  });
  const invariants = new Invariants(ids);
  run.on((event) => invariants.onEvent(event));
  provider.onCall = (_, inFlight) => {
    if (inFlight > invariants.maxWorkers) invariants.violations.push(`${inFlight} requests in flight, more than the ${invariants.maxWorkers} workers`);
  };
  void run.start();
  for (const step of p.steps) {
    await clock.advance(step.afterMs);
    apply(run, step.control, ids);
  }
  await flushMicrotasks();
  run.resume();
  await clock.runUntil(() => run.phase === 'finished', 3_600_000);
  expect(run.phase, 'the run finished').toBe('finished');
  expect(invariants.violations).toEqual([]);
  expect(provider.maxInFlightPerPrompt, 'two attempts of one task at once').toBeLessThanOrEqual(1);
  expect(provider.inFlight, 'requests left in flight').toBe(0);
  expect(clock.pending, 'timers left behind').toBe(0);
  const done = run.view.count('done', 'needs_review');
  expect(provider.calls.filter((c) => c.endedAt !== undefined && !c.aborted).length).toBeGreaterThanOrEqual(done);
  if (p.budgetUsd !== null) expect(invariants.billedUsd, 'spend above the budget plus one worst case').toBeLessThanOrEqual(p.budgetUsd + invariants.largestWorstUsd);
}

function apply(run: Run, c: Control, ids: readonly string[]): void {
  const id = 'task' in c ? ids[c.task % ids.length]! : '';
  switch (c.do) {
    case 'pause':
      return run.pause();
    case 'resume':
      return run.resume();
    case 'cancel':
      return void run.cancel();
    case 'retry failed':
      return void run.retryFailed();
    case 'resume run':
      if (run.phase === 'finished') void run.start({ requeue: ['cancelled'] });
      return;
    case 'skip':
      return void run.skip(id);
    case 'retry now':
      return void run.retryTask(id);
    case 'rpm':
      return run.setControls({ rpm: c.rpm });
    case 'workers':
      return run.setControls({ workers: c.workers });
  }
}

describe('Run: invariants under random controls and provider outcomes (fast-check)', () => {
  it('never exceeds the pool, never overlaps one task’s attempts, ends each round once, loses nothing, numbers every event, never spends above its budget plus one worst case', async () => {
    await fc.assert(fc.asyncProperty(plan, check), { numRuns: Number(process.env.PACER_PROPERTY_RUNS ?? 150), seed: Number(process.env.PACER_PROPERTY_SEED ?? 20_261_129) });
  }, 120_000);
});
