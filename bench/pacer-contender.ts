import { RunSettingsSchema } from '../shared/domain/settings.ts';
import { Run } from '../electron/engine/run.ts';
import { createOpenAIProvider } from '../electron/providers/openai-provider.ts';
import type { ChatProvider } from '../electron/providers/provider.ts';
import type { Contender } from './baselines/contender.ts';

/** Pacer's engine, configured the way a user would: the limits they know, workers on auto. */
export const pacer: Contender = async (input) => {
  const settings = RunSettingsSchema.parse({
    provider: { kind: 'openai', baseURL: input.baseURL },
    model: input.model,
    promptTemplate: '{{topic}}',
    maxTokens: input.maxTokens,
    rpm: input.rpm,
    tpm: input.tpm,
    workers: 'auto',
    retry: { maxAttempts: 12, baseDelayMs: 1_000, maxDelayMs: 60_000 },
    requestTimeoutMs: 60_000,
  });
  const run = new Run({
    id: 'bench',
    settings,
    tasks: input.topics.map((topic, index) => ({ id: String(index), index, topic, vars: {}, prompt: input.prompt(topic) })),
    provider: timed(createOpenAIProvider({ baseURL: input.baseURL, apiKey: 'sk-bench' }), input.onSend),
  });
  const results = new Map<string, string>();
  run.on((event) => {
    if (event.type === 'task.done') results.set(run.view.get(event.taskId).topic, event.text);
  });
  await run.start();
  return { results };
};

/** The provider as the engine sees it, telling the benchmark when each request leaves. */
function timed(provider: ChatProvider, onSend: () => void): ChatProvider {
  return {
    name: provider.name,
    complete: (request, options) => {
      onSend();
      return provider.complete(request, options);
    },
  };
}
