import { describe, expect, it } from 'vitest';
import { BUDGET_REACHED } from '../../../shared/domain/events.ts';
import type { EngineEvent } from '../../../shared/domain/events.ts';
import { costUsd, priceFor } from '../../../shared/pricing.ts';
import { estimateRun } from '../../../electron/engine/estimate-run.ts';
import { Run } from '../../../electron/engine/run.ts';
import { seededRandom } from '../../../electron/engine/random.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import type { RunResult } from '../../../electron/engine/run.ts';
import type { ChatProvider } from '../../../electron/providers/provider.ts';
import { ProviderError } from '../../../electron/providers/provider.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { FakeProvider, ok } from '../../support/fake-provider.ts';
import { harness, ofType } from './run-harness.ts';

const MAX_TOKENS = 100;
/** The harness's settings (run-harness.ts), for runs built here. */
const BASE = { rpm: 6_000, tpm: 10_000_000, promptTemplate: 'Write about {{topic}}', retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000 } };
const PRICE = priceFor('gpt-4o-mini')!;

/** What the events say the run was billed: every reply, and failed attempts that streamed output. */
function billed(events: readonly EngineEvent[]): number {
  return events.reduce((sum, e) => sum + ((e.type === 'task.done' || e.type === 'attempt.failed') && e.costUsd !== undefined ? e.costUsd : 0), 0);
}

/** A request's worst case, from the tokens the engine reserved for it (prompt estimate + max_tokens). */
function worstCase(estimatedTokens: number): number {
  return costUsd(PRICE, estimatedTokens - MAX_TOKENS, MAX_TOKENS);
}

describe('Run with a budget (fake clock)', () => {
  // Each request reserves ~6e-5 $ (its 100 output tokens) and is billed ~3e-6 $ (4 of them).
  const settings = { budgetUsd: 0.000_08, maxTokens: MAX_TOKENS, workers: 3 };

  it('stops with "budget reached" once what is left cannot cover the next request, after the requests in flight end', async () => {
    const h = harness(() => ok(500), { settings, tasks: 10 });
    const result = await h.finish();
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe(BUDGET_REACHED);
    expect(result.error?.message).toMatch(/^Budget reached: \$0\.0000\d+ spent of \$0\.00008, and the next request could cost up to \$0\.0000\d+, more than the \$0\.0000\d+ left\. \d topics are not done: resume the run with a higher budget/);
    const done = result.counts.done;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(10);
    expect(result.counts.cancelled).toBe(10 - done);
    // Nothing was sent that did not end done, and nothing was aborted: the stop waited for them.
    expect(h.provider.calls.length).toBe(done);
    expect(h.provider.calls.every((c) => !c.aborted)).toBe(true);
    const spent = billed(h.events);
    expect(result.budget).toEqual({ limitUsd: 0.000_08, spentUsd: spent });
    expect(spent).toBeLessThanOrEqual(0.000_08);
    // It stopped because it had to: one more worst case would not have fit.
    const worst = worstCase(ofType(h.events, 'attempt.started')[0]!.estimatedTokens);
    expect(spent + worst).toBeGreaterThan(0.000_08);
    expect(ofType(h.events, 'run.finished')[0]!.budget).toEqual(result.budget);
  });

  it('keeps requests in flight under the budget: never more reserved than it allows', async () => {
    const h = harness(() => ok(500), { settings: { ...settings, budgetUsd: 0.000_13 }, tasks: 10 });
    await h.finish();
    // Two worst cases (~1.2e-4 $) fit in 1.3e-4 $, three do not, whatever the pool allows.
    expect(h.provider.maxInFlight).toBe(2);
  });

  it('resumed with the spend it already had, does not spend the same budget again; with a higher one, finishes', async () => {
    const first = harness(() => ok(500), { settings, tasks: 10 });
    const stopped = await first.finish();
    const spent = stopped.budget!.spentUsd;
    const seeds = [...first.run.view.tasks.values()].map((t) => ({ id: t.id, index: t.index, topic: t.topic, vars: {}, status: t.status, attempts: t.attempts }));
    const resume = async (budgetUsd: number) => {
      const clock = new FakeClock();
      const provider = new FakeProvider(clock, () => ok(500));
      const run = new Run({ id: 'run-1', settings: RunSettingsSchema.parse({ ...BASE, ...settings, budgetUsd }), tasks: seeds, provider, clock, random: seededRandom(1), spentUsd: spent });
      let result: RunResult | undefined;
      void run.start({ requeue: ['cancelled'] }).then((r) => (result = r));
      await clock.runUntil(() => result !== undefined);
      return { result: result!, calls: provider.calls.length };
    };

    const same = await resume(settings.budgetUsd);
    expect(same.result.error?.code).toBe(BUDGET_REACHED);
    expect(same.calls, 'the same budget, already spent: nothing is sent').toBe(0);

    const higher = await resume(1);
    expect(higher.result.outcome).toBe('completed');
    expect(higher.result.counts.done).toBe(10);
    expect(higher.calls, 'only what was not done is sent').toBe(10 - stopped.counts.done);
    expect(higher.result.budget!.spentUsd, 'the budget counts both starts').toBeGreaterThan(spent);
  });

  it('never reaches a budget of the estimate’s maximum: the estimate prices the worst cases the budget reserves', async () => {
    const topics = Array.from({ length: 12 }, (_, i) => ({ index: i, topic: i % 2 ? `topic ${i}` : `${'a'.repeat(400 * i)} ${i}`, vars: {} }));
    const probe = RunSettingsSchema.parse({ ...BASE, ...settings, promptTemplate: '{{topic}}' });
    const { maxUsd } = estimateRun({ tasks: topics, settings: probe }).cost!;
    // Every task in flight at once: every worst case reserved together, the whole budget.
    const h = harness(() => ok(500), { settings: { ...settings, promptTemplate: '{{topic}}', budgetUsd: maxUsd, workers: 12 }, tasks: 12, seed: (i) => ({ topic: topics[i]!.topic }) });
    const result = await h.finish();
    expect(result.outcome).toBe('completed');
    expect(result.counts.done).toBe(12);
    expect(h.provider.maxInFlight).toBe(12);
  });

  it('counts a stream that dropped after some output as billed: its prompt and the tokens that came', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const provider: ChatProvider = {
      name: 'drops-once',
      async complete(_request, options) {
        calls++;
        for (let i = 0; i < 10; i++) {
          await clock.sleep(10, options.signal);
          options.onDelta?.('word ');
        }
        if (calls === 1) throw new ProviderError({ failure: 'network', message: 'The connection closed before the reply was complete.' });
        return { text: '# Done', headers: {}, finishReason: 'stop', usage: { promptTokens: 5, completionTokens: 10, totalTokens: 15 } };
      },
    };
    const run = new Run({ id: 'run-1', settings: RunSettingsSchema.parse({ ...BASE, ...settings, budgetUsd: 1 }), tasks: [{ id: 't0', index: 0, topic: 'topic 0', vars: {} }], provider, clock, random: seededRandom(1) });
    const events: EngineEvent[] = [];
    run.on((e) => events.push(e));
    let result: RunResult | undefined;
    void run.start().then((r) => (result = r));
    await clock.runUntil(() => result !== undefined);
    const [started] = ofType(events, 'attempt.started');
    const [failed] = ofType(events, 'attempt.failed');
    expect(failed!.costUsd).toBeCloseTo(costUsd(PRICE, started!.estimatedTokens - MAX_TOKENS, 10), 15);
    expect(result!.budget!.spentUsd).toBeCloseTo(failed!.costUsd! + costUsd(PRICE, 5, 10), 15);
  });

  it('refuses a budget for a model with no price, before anything is sent', async () => {
    const h = harness(() => ok(500), { settings: { ...settings, model: 'my-local-model' }, tasks: 3 });
    const result = await h.finish();
    expect(result.outcome).toBe('stopped');
    expect(result.error?.code).toBe('budget_unpriced');
    expect(result.error?.message).toContain('"my-local-model" has none');
    expect(h.provider.calls).toHaveLength(0);
    expect(result.counts.cancelled).toBe(3);
  });

  it('without a budget, says nothing of one', async () => {
    const h = harness(() => ok(500), { tasks: 2 });
    const result = await h.finish();
    expect(result.outcome).toBe('completed');
    expect(result.budget).toBeUndefined();
  });
});
