import type { EngineEvent } from '../../../shared/domain/events.ts';
import type { RunSettingsInput } from '../../../shared/domain/settings.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import type { RunResult, RunTaskSeed } from '../../../electron/engine/run.ts';
import { Run } from '../../../electron/engine/run.ts';
import { seededRandom } from '../../../electron/engine/random.ts';
import type { ChatRequest } from '../../../electron/providers/provider.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import type { Reply } from '../../support/fake-provider.ts';
import { FakeProvider } from '../../support/fake-provider.ts';

export interface Harness {
  readonly clock: FakeClock;
  readonly provider: FakeProvider;
  readonly run: Run;
  readonly events: EngineEvent[];
  /** Starts the run and drives the fake clock until it finishes. */
  finish(): Promise<RunResult>;
}

export function harness(
  script: (call: number, request: ChatRequest) => Reply,
  options: { settings?: RunSettingsInput; tasks?: number; seed?: (index: number) => Partial<RunTaskSeed>; clock?: FakeClock } = {},
): Harness {
  const clock = options.clock ?? new FakeClock();
  const provider = new FakeProvider(clock, script);
  const settings = RunSettingsSchema.parse({
    rpm: 6_000,
    tpm: 10_000_000,
    workers: 2,
    maxTokens: 100,
    promptTemplate: 'Write about {{topic}}',
    retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000 },
    ...options.settings,
  });
  const run = new Run({
    id: 'run-1',
    settings,
    tasks: Array.from({ length: options.tasks ?? 5 }, (_, i) => ({ id: `t${i}`, index: i, topic: `topic ${i}`, vars: {}, ...options.seed?.(i) })),
    provider,
    clock,
    random: seededRandom(42),
  });
  const events: EngineEvent[] = [];
  run.on((event) => events.push(event));
  const finish = async () => {
    let result: RunResult | undefined;
    const last = events.findLast((e) => e.type === 'run.finished');
    if (run.phase === 'finished' && last?.type === 'run.finished') return { outcome: last.outcome, counts: last.counts, ...(last.error ? { error: last.error } : {}) };
    const started = run.phase === 'idle' ? run.start() : new Promise<RunResult>((resolve) => run.on((e) => e.type === 'run.finished' && resolve({ outcome: e.outcome, counts: e.counts })));
    void started.then((r) => (result = r));
    await clock.runUntil(() => result !== undefined);
    if (!result) throw new Error('run did not finish within the fake-time limit');
    return result;
  };
  return { clock, provider, run, events, finish };
}

const TERMINAL = new Set(['task.done', 'task.needs_review', 'task.failed', 'task.cancelled', 'task.skipped']);

/** Each task's terminal events, in order: a correct run has exactly one per task. */
export function terminalsByTask(events: readonly EngineEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) {
    if (TERMINAL.has(e.type) && 'taskId' in e) out.set(e.taskId, [...(out.get(e.taskId) ?? []), e.type]);
  }
  return out;
}

export function ofType<T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}
