import { z } from 'zod';
import { GateSettingsSchema } from '../quality/gate-settings.ts';

/**
 * Run settings, validated wherever they enter (CLI flags, IPC, a stored run). The API key is never
 * part of them: it stays in main behind the secret store and is passed to the provider directly.
 */
export const ProviderSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulator') }),
  z.object({ kind: z.literal('openai'), baseURL: z.url({ protocol: /^https?$/, error: (issue) => baseUrlError(issue.input) }) }),
]);
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

/** Only http(s): the SDK would send the key to whatever an ftp:// or file:// URL names, or fail obscurely. */
function baseUrlError(input: unknown): string {
  const got = typeof input === 'string' ? `; got ${JSON.stringify(input.slice(0, 200))}` : '';
  return `Base URL must start with http:// or https://, e.g. https://api.openai.com/v1 or http://localhost:11434/v1${got}`;
}

const positiveInt = (what: string) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).positive(`${what} must be greater than 0`);

/** A budget in US dollars: a finite amount above 0 (cents and below allowed). */
export const BudgetUsdSchema = z
  .number({ error: (issue) => `Budget must be a finite number of US dollars, such as 5 or 12.50; got ${quoted(issue.input)}` })
  .refine((usd) => usd > 0, { error: (issue) => `Budget must be greater than 0 US dollars; got ${quoted(issue.input)}` });

function quoted(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input.slice(0, 100)) : String(input);
}
export const RUN_MODES = ['online', 'batch', 'auto'] as const;
export const RunModeSchema = z.enum(RUN_MODES, { error: (issue) => `Mode must be online, batch or auto; got ${JSON.stringify(issue.input)}` });
export type RunMode = z.infer<typeof RunModeSchema>;

export const RetrySettingsSchema = z.object({
  /** Attempts per task, including the first. */
  maxAttempts: positiveInt('Max attempts').max(50, 'Max attempts must be at most 50').default(6),
  /** Exponential backoff base (full jitter): wait = random(0, min(cap, base * 2^n)). */
  baseDelayMs: positiveInt('Backoff base').default(1_000),
  maxDelayMs: positiveInt('Backoff cap').default(60_000),
});
export type RetrySettings = z.infer<typeof RetrySettingsSchema>;

/**
 * Above every model's longest reply (128k tokens in 2026) with room to spare. Without a bound a
 * typo such as 1e12 would be charged against TPM for every request, and no request would ever fit.
 */
export const MAX_OUTPUT_TOKENS = 200_000;

export const RunSettingsSchema = z.object({
  provider: ProviderSettingsSchema.default({ kind: 'simulator' }),
  model: z.string().trim().min(1, 'Model must not be empty').default('gpt-4o-mini'),
  systemPrompt: z.string().default(''),
  promptTemplate: z.string().trim().min(1, 'Prompt template must not be empty').default('Write an SEO article about {{topic}}.'),
  temperature: z.number().min(0, 'Temperature must be between 0 and 2').max(2, 'Temperature must be between 0 and 2').default(0.7),
  maxTokens: positiveInt('Max tokens').max(MAX_OUTPUT_TOKENS, `Max tokens must be at most ${MAX_OUTPUT_TOKENS.toLocaleString('en-US')}`).default(1_024),
  /** null: discover from the server's x-ratelimit-limit-* headers. */
  rpm: positiveInt('Requests per minute').nullable().default(null),
  tpm: positiveInt('Tokens per minute').nullable().default(null),
  workers: z.union([z.literal('auto'), positiveInt('Workers').max(1_000, 'Workers must be at most 1000')]).default('auto'),
  /**
   * Advanced: how much may go at once, pinned per dimension. null (the default) learns it from
   * the server: one request first, then more as the server proves it takes them.
   */
  burst: z
    .object({ requests: positiveInt('Burst (requests)').nullable().default(null), tokens: positiveInt('Burst (tokens)').nullable().default(null) })
    .default({ requests: null, tokens: null }),
  retry: RetrySettingsSchema.default({ maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 60_000 }),
  requestTimeoutMs: positiveInt('Request timeout').default(120_000),
  /** The most the run may spend, in US dollars at the model's price; null: no budget. */
  budgetUsd: BudgetUsdSchema.nullable().default(null),
  /** Quality gates each reply must pass, else it is regenerated and in the end marked "needs review"; null: none. */
  gates: GateSettingsSchema.nullable().default(null),
  /**
   * online: every request live, at the list price. batch: the Batch API, half price, up to 24 h.
   * auto: batch when it can still finish by the deadline (moving what is left online as it nears),
   * online otherwise.
   */
  mode: RunModeSchema.default('online'),
  /** When the run must be finished, in ms after its start; null: no deadline (auto then runs as batch). */
  deadlineMs: positiveInt('Deadline').nullable().default(null),
  /**
   * Prompt tokens the provider lets one model have enqueued in unfinished batches; null: not known
   * yet (learned from a batch refused with token_limit_exceeded).
   */
  batchTokenLimit: positiveInt('Batch token limit').nullable().default(null),
})
  // The budget guard and the quality gates act on each request and reply as it happens; a Batch
  // API run submits its requests ahead and collects them later, so neither can hold it yet.
  .refine((s) => s.budgetUsd === null || s.mode === 'online', {
    path: ['budgetUsd'],
    error: 'A budget applies to online runs only (the Batch API is paid for before any reply is seen): choose the online mode, or leave the budget blank.',
  })
  .refine((s) => s.gates === null || s.mode === 'online', {
    path: ['gates'],
    error: 'Quality gates apply to online runs only (a regeneration needs the reply at once): choose the online mode, or turn the gates off.',
  });
export type RunSettings = z.infer<typeof RunSettingsSchema>;
export type RunSettingsInput = z.input<typeof RunSettingsSchema>;

/** Limits and pool size the user may change while a run is going. */
export const LiveControlsSchema = z.object({
  rpm: positiveInt('Requests per minute').nullable().optional(),
  tpm: positiveInt('Tokens per minute').nullable().optional(),
  workers: z.union([z.literal('auto'), positiveInt('Workers').max(1_000)]).optional(),
});
export type LiveControls = z.infer<typeof LiveControlsSchema>;
