import type { CostRange } from '../shared/domain/estimate.ts';
import { RunSettingsSchema } from '../shared/domain/settings.ts';
import type { RunSettings } from '../shared/domain/settings.ts';
import { estimateRun } from '../electron/engine/estimate-run.ts';
import { Run } from '../electron/engine/run.ts';
import { createOpenAIProvider } from '../electron/providers/openai-provider.ts';
import { startSimulatorChild } from './simulator-child.ts';

/**
 * The pre-run estimate against what a run really cost on the simulator: the same topics and
 * settings go through estimateRun and then through the engine, and every reply's usage is priced.
 * The simulator's replies run from 60 % to 100 % of max_tokens (its default), its prompt_tokens
 * are characters / 4 (OpenAI's admission estimate, which it also reports as usage).
 */
export interface EstimateCase {
  readonly name: string;
  readonly what: string;
  readonly topics: number;
  readonly settings: Partial<RunSettings>;
}

export interface EstimateRow {
  readonly name: string;
  readonly what: string;
  readonly topics: number;
  readonly estimate: CostRange;
  readonly actualUsd: number;
  /** (expected − actual) / actual: above 0, the estimate was high. */
  readonly error: number;
  /** Tokens: the estimate's prompt figure and the server's, summed over the run. */
  readonly promptTokens: { readonly estimated: number; readonly billed: number };
  readonly outputTokens: { readonly estimated: number; readonly billed: number };
}

const NOTES = 'Background notes: ' + 'Search engines reward pages that answer the question early, cite sources and stay current. '.repeat(60);

export const ESTIMATE_CASES: readonly EstimateCase[] = [
  { name: 'Short prompts', what: '200 one-line prompts, max 1,024 tokens (the defaults)', topics: 200, settings: {} },
  { name: 'Short prompts, short replies', what: '200 one-line prompts with a system prompt, max 300 tokens', topics: 200, settings: { maxTokens: 300, systemPrompt: 'You are an expert SEO writer. Use Markdown headings.' } },
  { name: 'Long prompts', what: `100 prompts of ~${Math.round(NOTES.length / 4).toLocaleString('en-US')} tokens of English notes, max 500 tokens`, topics: 100, settings: { maxTokens: 500, promptTemplate: `Write an SEO article about {{topic}}.\n\n${NOTES}` } },
];

const SUBJECTS = ['running shoes', 'home espresso', 'budget travel', 'indoor plants', 'remote work', 'password managers', 'sourdough baking', 'electric bikes', 'standing desks', 'meal prep'];
const ANGLES = ['for beginners', 'on a budget', 'in 2026', 'mistakes to avoid', 'a complete guide', 'compared'];

function topicsFor(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${SUBJECTS[i % SUBJECTS.length]} ${ANGLES[Math.floor(i / SUBJECTS.length) % ANGLES.length]} ${i + 1}`);
}

export async function measureEstimateAccuracy(cases: readonly EstimateCase[] = ESTIMATE_CASES): Promise<EstimateRow[]> {
  const rows: EstimateRow[] = [];
  for (const c of cases) rows.push(await measureCase(c));
  return rows;
}

async function measureCase(c: EstimateCase): Promise<EstimateRow> {
  const sim = await startSimulatorChild({ seed: 7, rpm: null, tpm: null, latency: { firstTokenMs: 1, jitterMs: 0, tokensPerSecond: 1e6 } });
  try {
    const settings = RunSettingsSchema.parse({ ...c.settings, provider: { kind: 'openai', baseURL: sim.url }, workers: 32 });
    const inputs = topicsFor(c.topics).map((topic, index) => ({ index, topic, vars: {} }));
    const estimate = estimateRun({ tasks: inputs, settings });
    if (!estimate.cost) throw new Error(`No price for ${settings.model}`);
    const run = new Run({ id: `estimate-${c.name}`, settings, tasks: inputs.map((t) => ({ ...t, id: String(t.index) })), provider: createOpenAIProvider({ baseURL: sim.url, apiKey: 'sk-bench' }) });
    let actualUsd = 0;
    let promptTokens = 0;
    let outputTokens = 0;
    run.on((event) => {
      if (event.type === 'task.done') {
        actualUsd += event.costUsd ?? 0;
        promptTokens += event.usage.promptTokens;
        outputTokens += event.usage.completionTokens;
      }
      if (event.type === 'attempt.failed') actualUsd += event.costUsd ?? 0;
    });
    const result = await run.start();
    if (result.counts.done !== c.topics) throw new Error(`${c.name}: ${result.counts.done}/${c.topics} done`);
    return {
      name: c.name,
      what: c.what,
      topics: c.topics,
      estimate: estimate.cost,
      actualUsd,
      error: (estimate.cost.expectedUsd - actualUsd) / actualUsd,
      promptTokens: { estimated: estimate.promptTokens, billed: promptTokens },
      outputTokens: { estimated: estimate.expectedOutputTokens, billed: outputTokens },
    };
  } finally {
    await sim.close();
  }
}
