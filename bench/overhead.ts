import { RunSettingsSchema } from '../shared/domain/settings.ts';
import { Run } from '../electron/engine/run.ts';
import { createOpenAIProvider } from '../electron/providers/openai-provider.ts';
import type { ChatProvider } from '../electron/providers/provider.ts';
import { startSimulatorChild } from './simulator-child.ts';

export interface OverheadFigures {
  readonly requests: number;
  readonly wallMs: number;
  readonly requestsPerSecond: number;
  readonly cpuMicrosPerRequest: number;
  readonly queuedTasks: number;
  readonly heapBytesPerQueuedTask: number;
  readonly buildMsForQueuedTasks: number;
}

const REQUESTS = 5_000;
const QUEUED = 100_000;

/** Engine overhead: a fast, unlimited simulator in another process; then memory for 100,000 queued tasks. */
export async function measureOverhead(): Promise<OverheadFigures> {
  const sim = await startSimulatorChild({ rpm: null, tpm: null, latency: { firstTokenMs: 0, jitterMs: 0, tokensPerSecond: 1e9 } });
  const url = sim.url;
  try {
    const settings = RunSettingsSchema.parse({ provider: { kind: 'openai', baseURL: url }, promptTemplate: 'Write about {{topic}}.', maxTokens: 16, workers: 64 });
    const provider = createOpenAIProvider({ baseURL: url, apiKey: 'sk-bench' });
    const run = makeRun(settings, provider, REQUESTS);
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const result = await run.start();
    const wallMs = performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    if (result.counts.done !== REQUESTS) throw new Error(`Overhead run finished ${result.counts.done}/${REQUESTS} tasks`);

    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const buildStart = performance.now();
    const big = makeRun(settings, provider, QUEUED);
    const buildMsForQueuedTasks = performance.now() - buildStart;
    gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    if (big.view.tasks.size !== QUEUED) throw new Error('queued run lost tasks');
    return {
      requests: REQUESTS,
      wallMs,
      requestsPerSecond: (REQUESTS / wallMs) * 1000,
      cpuMicrosPerRequest: (cpu.user + cpu.system) / REQUESTS,
      queuedTasks: QUEUED,
      heapBytesPerQueuedTask: (heapAfter - heapBefore) / QUEUED,
      buildMsForQueuedTasks,
    };
  } finally {
    await sim.close();
  }
}

function makeRun(settings: ReturnType<typeof RunSettingsSchema.parse>, provider: ChatProvider, count: number): Run {
  return new Run({
    id: `overhead-${count}`,
    settings,
    provider,
    tasks: Array.from({ length: count }, (_, i) => ({ id: String(i), index: i, topic: `topic number ${i}`, vars: {} })),
  });
}
