import type { EngineEvent } from '../../shared/domain/events.ts';
import type { RunSettingsInput } from '../../shared/domain/settings.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { RunResult } from '../../electron/engine/run.ts';
import { Run } from '../../electron/engine/run.ts';
import { createOpenAIProvider } from '../../electron/providers/openai-provider.ts';
import type { SimulatorOptions } from '../../electron/providers/simulator/options.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';

export interface LiveRun {
  readonly sim: RunningSimulator;
  readonly run: Run;
  readonly events: EngineEvent[];
  /** Resolves when the first event matching `predicate` has been seen. */
  until(predicate: (event: EngineEvent, run: Run) => boolean): Promise<void>;
  start(): Promise<RunResult & { wallMs: number }>;
}

/** Replies in a few milliseconds, so a run's time is the limiter's doing. */
export const FAST = { firstTokenMs: 20, jitterMs: 10, tokensPerSecond: 50_000 };

const open: LiveRun[] = [];

/** For afterEach: cancels what is still going and closes every simulator the test started. */
export async function closeLiveRuns(): Promise<void> {
  for (const live of open.splice(0)) {
    await live.run.cancel();
    await live.sim.close();
  }
}

/** A run of the real engine through the official SDK against a real simulator on loopback. */
export async function liveRun(
  simulator: SimulatorOptions,
  settings: RunSettingsInput,
  options: { tasks: number; apiKey?: string },
): Promise<LiveRun> {
  const sim = await startSimulator({ seed: 3, trackPrompts: true, ...simulator });
  const run = new Run({
    id: 'live',
    settings: RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: sim.url }, promptTemplate: 'Write about {{topic}}', ...settings }),
    tasks: Array.from({ length: options.tasks }, (_, i) => ({ id: `t${i}`, index: i, topic: `topic ${i}`, vars: {} })),
    provider: createOpenAIProvider({ baseURL: sim.url, apiKey: options.apiKey ?? 'sk-test' }),
  });
  const events: EngineEvent[] = [];
  const waiters: { predicate: (e: EngineEvent, r: Run) => boolean; resolve: () => void }[] = [];
  run.on((event) => {
    events.push(event);
    for (const w of [...waiters]) {
      if (w.predicate(event, run)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const live: LiveRun = {
    sim,
    run,
    events,
    until: (predicate) => new Promise((resolve) => waiters.push({ predicate, resolve })),
    start: async () => {
      const startedAt = performance.now();
      const result = await run.start();
      return { ...result, wallMs: performance.now() - startedAt };
    },
  };
  open.push(live);
  return live;
}

/** Topics that finished more than once on the server: must always be empty. */
export function duplicates(sim: RunningSimulator): string[] {
  return [...successesByPrompt(sim.stats())].filter(([, n]) => n > 1).map(([prompt]) => prompt);
}
