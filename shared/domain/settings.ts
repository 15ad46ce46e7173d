import { z } from 'zod';

/**
 * Run settings, validated wherever they enter (CLI flags, IPC, a stored run). The API key is never
 * part of them: it stays in main behind the secret store and is passed to the provider directly.
 */
export const ProviderSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulator') }),
  z.object({ kind: z.literal('openai'), baseURL: z.url({ error: 'Base URL must be an http(s) URL, e.g. https://api.openai.com/v1' }) }),
]);
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

const positiveInt = (what: string) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).positive(`${what} must be greater than 0`);

export const RetrySettingsSchema = z.object({
  /** Attempts per task, including the first. */
  maxAttempts: positiveInt('Max attempts').max(50, 'Max attempts must be at most 50').default(6),
  /** Exponential backoff base (full jitter): wait = random(0, min(cap, base * 2^n)). */
  baseDelayMs: positiveInt('Backoff base').default(1_000),
  maxDelayMs: positiveInt('Backoff cap').default(60_000),
});
export type RetrySettings = z.infer<typeof RetrySettingsSchema>;

export const RunSettingsSchema = z.object({
  provider: ProviderSettingsSchema.default({ kind: 'simulator' }),
  model: z.string().trim().min(1, 'Model must not be empty').default('gpt-4o-mini'),
  systemPrompt: z.string().default(''),
  promptTemplate: z.string().trim().min(1, 'Prompt template must not be empty').default('Write an SEO article about {{topic}}.'),
  temperature: z.number().min(0, 'Temperature must be between 0 and 2').max(2, 'Temperature must be between 0 and 2').default(0.7),
  maxTokens: positiveInt('Max tokens').default(1_024),
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
