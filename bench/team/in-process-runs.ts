import path from 'node:path';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { ProviderPool } from '../../electron/providers/provider-pool.ts';
import { RunService } from '../../electron/runs/run-service.ts';
import { openRunStore } from '../../electron/store/open-database.ts';

/**
 * Two runs inside one process, as the app starts them: on one RunService they draw on one
 * limiter (one quota per process); the baseline gives each run a RunService of its own, so each
 * believes it owns the whole limit.
 */
export interface InProcessPlan {
  readonly dir: string;
  readonly baseURL: string;
  readonly key: string;
  readonly rpm: number;
  /** One list of topics per run. */
  readonly runs: readonly (readonly string[])[];
  readonly shared: boolean;
}

export async function runInProcess(plan: InProcessPlan): Promise<void> {
  const settings = RunSettingsSchema.parse({
    provider: { kind: 'openai', baseURL: plan.baseURL },
    model: 'gpt-4o-mini',
    promptTemplate: '{{topic}}',
    maxTokens: 20,
    rpm: plan.rpm,
    retry: { maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 60_000 },
    requestTimeoutMs: 30_000,
  });
  const services = plan.runs.map((_, i) => {
    const store = openRunStore(path.join(plan.dir, `data-${i}`));
    return { store, service: new RunService({ store, providers: new ProviderPool({ apiKey: () => plan.key }) }) };
  });
  const one = services[0]!;
  try {
    await Promise.all(
      plan.runs.map((topics, i) => {
        const { service } = plan.shared ? one : services[i]!;
        const runId = service.create({ settings, inputs: topics.map((topic, index) => ({ index, topic, vars: {} })) });
        return service.start(runId);
      }),
    );
  } finally {
    for (const { service, store } of services) {
      await service.close();
      store.close();
    }
  }
}
