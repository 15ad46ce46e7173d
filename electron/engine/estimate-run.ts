import type { CostRange, RunEstimate } from '../../shared/domain/estimate.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import type { TaskInput } from '../../shared/domain/task.ts';
import type { ModelPrice, PriceTable, PriceTier } from '../../shared/pricing.ts';
import { costUsd, DEFAULT_PRICES, priceFor } from '../../shared/pricing.ts';
import { taskMessages } from './task-request.ts';
import { estimateRequestTokens } from './tokens/count-tokens.ts';

/**
 * What a run will cost and how long it must take, shown before the user presses Start. Prompts are
 * built exactly as the engine sends them (`taskMessages`) and counted as the engine reserves them
 * (`estimateRequestTokens`: the tokenizer's count, or characters / 4 where a server counting that
 * way would charge more), so the token figures are the ones the limiter reserves and the maximum
 * cost is the sum of the worst cases a budget reserves: a budget of the estimate's maximum is
 * never reached. Against OpenAI, which bills its tokenizer's count, a long English prompt (often
 * 5 or more characters a token) is priced high on its prompt part, by as much as 40 %; a server
 * that reports characters / 4 (the built-in simulator) is priced as it bills.
 */
export type { RunEstimate } from '../../shared/domain/estimate.ts';

export interface EstimateRunRequest {
  readonly tasks: readonly TaskInput[];
  readonly settings: RunSettings;
  /** The prices in force, the user's overrides applied. @default DEFAULT_PRICES */
  readonly prices?: PriceTable;
}

const EXPECTED_OUTPUT_SHARE = 0.8;

export function estimateRun({ tasks, settings, prices = DEFAULT_PRICES }: EstimateRunRequest): RunEstimate {
  let promptTokens = 0;
  for (const task of tasks) {
    promptTokens += estimateRequestTokens(taskMessages(settings, { id: String(task.index), ...task }), settings.maxTokens, settings.model) - settings.maxTokens;
  }
  const maxOutputTokens = tasks.length * settings.maxTokens;
  const reservedTokens = promptTokens + maxOutputTokens;
  const expectedOutputTokens = Math.round(maxOutputTokens * EXPECTED_OUTPUT_SHARE);
  const price = priceFor(settings.model, prices);
  const tokens = { promptTokens, expectedOutputTokens, maxOutputTokens };
  const costs = price && { cost: costRange(price, 'online', tokens), batchCost: costRange(price, 'batch', tokens) };
  const limitsKnown = settings.rpm !== null || settings.tpm !== null;
  const demand = { requests: tasks.length, tokens: reservedTokens, rpm: settings.rpm, tpm: settings.tpm };
  const pinned = settings.burst.requests !== null || settings.burst.tokens !== null;
  const perRequest = tasks.length === 0 ? 0 : reservedTokens / tasks.length;
  const burst = { requests: settings.burst.requests ?? settings.rpm ?? 0, tokens: settings.burst.tokens ?? settings.tpm ?? 0 };
  const eta = limitsKnown ? etaUnderLimits({ ...demand, burst }) : undefined;
  const noBurst = limitsKnown && !pinned ? etaUnderLimits({ ...demand, burst: { requests: 1, tokens: perRequest } }) : undefined;
  return {
    tasks: tasks.length,
    promptTokens,
    maxOutputTokens,
    reservedTokens,
    expectedOutputTokens,
    ...costs,
    ...(eta && { etaMs: eta.etaMs, ...(eta.boundBy && { boundBy: eta.boundBy }) }),
    ...(noBurst && { etaNoBurstMs: noBurst.etaMs }),
  };
}

interface RunTokens {
  readonly promptTokens: number;
  readonly expectedOutputTokens: number;
  readonly maxOutputTokens: number;
}

function costRange(price: ModelPrice, tier: PriceTier, { promptTokens, expectedOutputTokens, maxOutputTokens }: RunTokens): CostRange {
  return {
    minUsd: costUsd(price, promptTokens, 0, tier),
    expectedUsd: costUsd(price, promptTokens, expectedOutputTokens, tier),
    maxUsd: costUsd(price, promptTokens, maxOutputTokens, tier),
  };
}

export interface EtaRequest {
  readonly requests: number;
  readonly tokens: number;
  /** null: unknown. It can only make the run slower, so the other limit alone still bounds it from below. */
  readonly rpm: number | null;
  readonly tpm: number | null;
  /** What goes at once before the rate paces the rest. @default a whole minute's budget of each */
  readonly burst?: { readonly requests: number; readonly tokens: number };
}

/**
 * `burst` goes at once; the rest arrives at limit/60,000 per ms (rounded up to a whole ms). The
 * slower of the two limits sets the pace; comparing demand/limit also names a binding limit when
 * everything fits in the first burst (tokens on a tie).
 */
export function etaUnderLimits({ requests, tokens, rpm, tpm, burst }: EtaRequest): { etaMs: number; boundBy?: 'requests' | 'tokens' } {
  if (requests === 0) return { etaMs: 0 };
  const requestMs = rpm === null ? 0 : (Math.max(0, requests - (burst?.requests ?? rpm)) * 60_000) / rpm;
  const tokenMs = tpm === null ? 0 : (Math.max(0, tokens - (burst?.tokens ?? tpm)) * 60_000) / tpm;
  const requestShare = rpm === null ? -1 : requests / rpm;
  const tokenShare = tpm === null ? -1 : tokens / tpm;
  return { etaMs: Math.ceil(Math.max(requestMs, tokenMs)), boundBy: requestShare > tokenShare ? 'requests' : 'tokens' };
}
