import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { RunSettings } from '../../shared/domain/settings.ts';
import { RunSettingsSchema } from '../../shared/domain/settings.ts';
import { budgetOption } from './budget-option.ts';
import { parseGoDuration } from '../engine/limiter/go-duration.ts';
import { UsageError } from './exit-codes.ts';
import { redisUrl } from './redis-url.ts';

export interface RunArgs {
  readonly file: string;
  readonly column?: string;
  readonly settings: RunSettings;
  readonly apiKey?: string;
  readonly outDir: string;
  /** --data: where the run store lives; undefined for the default folder. */
  readonly dataDir: string | undefined;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly keepDuplicates: boolean;
  readonly simulator: { rpm: number | null; tpm: number | null; seed: number; failRate: number };
  /** --redis or PACER_REDIS_URL: share each quota with every process pointed at this Redis. */
  readonly redisUrl: string | undefined;
  /** --keys FILE: a pool of keys to send with, read by the command (the file, not the keys, is an argument). */
  readonly keysFile: string | undefined;
  /** --prices FILE: the user's prices over the built-in table, read by the command. */
  readonly pricesFile: string | undefined;
  /** --gates FILE: the run's quality gates (JSON), read by the command. */
  readonly gatesFile: string | undefined;
}

const OPTIONS = {
  column: { type: 'string' },
  prompt: { type: 'string' },
  'prompt-file': { type: 'string' },
  system: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  provider: { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  workers: { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'max-attempts': { type: 'string' },
  timeout: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  'keep-duplicates': { type: 'boolean' },
  'sim-rpm': { type: 'string' },
  'sim-tpm': { type: 'string' },
  'sim-fail-rate': { type: 'string' },
  seed: { type: 'string' },
  redis: { type: 'string' },
  keys: { type: 'string' },
  gates: { type: 'string' },
  burst: { type: 'string' },
  'burst-tokens': { type: 'string' },
  'budget-usd': { type: 'string' },
  prices: { type: 'string' },
  mode: { type: 'string' },
  deadline: { type: 'string' },
  'batch-token-limit': { type: 'string' },
} as const;

/** Parses `run` arguments into validated settings. Throws UsageError with a specific message. */
export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv, readFile: (path: string) => string): RunArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'Missing the topics file: pacer run <topics.txt|topics.csv>' : `Expected one topics file, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  if (values.prompt !== undefined && values['prompt-file'] !== undefined) throw new UsageError('Give either --prompt or --prompt-file, not both.');

  const providerKind = values.provider ?? (values['base-url'] ? 'openai' : 'simulator');
  if (providerKind !== 'simulator' && providerKind !== 'openai') {
    throw new UsageError(`Unknown --provider ${JSON.stringify(providerKind)}: use simulator or openai.`);
  }
  if (providerKind === 'simulator' && values['base-url']) throw new UsageError('--base-url talks to a real server; it cannot be combined with --provider simulator.');
  const baseURL = values['base-url'] ?? 'https://api.openai.com/v1';
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  if (providerKind === 'openai' && !apiKey && values.keys === undefined && isOpenAI(baseURL)) {
    throw new UsageError('OPENAI_API_KEY is not set. Export your key (export OPENAI_API_KEY=sk-…), or run without --provider to use the built-in simulator.');
  }

  const promptTemplate = values['prompt-file'] !== undefined ? readPromptFile(values['prompt-file'], readFile) : values.prompt;
  const candidate = {
    provider: providerKind === 'openai' ? { kind: 'openai', baseURL } : { kind: 'simulator' },
    ...(values.model !== undefined && { model: values.model }),
    ...(values.system !== undefined && { systemPrompt: values.system }),
    ...(promptTemplate !== undefined && { promptTemplate }),
    ...(values.temperature !== undefined && { temperature: number('--temperature', values.temperature) }),
    ...(values['max-tokens'] !== undefined && { maxTokens: number('--max-tokens', values['max-tokens']) }),
    ...(values.rpm !== undefined && { rpm: number('--rpm', values.rpm) }),
    ...(values.tpm !== undefined && { tpm: number('--tpm', values.tpm) }),
    ...(values.workers !== undefined && { workers: values.workers === 'auto' ? 'auto' : number('--workers', values.workers) }),
    ...(values.timeout !== undefined && { requestTimeoutMs: number('--timeout', values.timeout) * 1000 }),
    ...(values['max-attempts'] !== undefined && { retry: { maxAttempts: number('--max-attempts', values['max-attempts']), baseDelayMs: 1_000, maxDelayMs: 60_000 } }),
    ...(values['budget-usd'] !== undefined && { budgetUsd: budgetOption(values['budget-usd']) }),
    ...((values.burst !== undefined || values['burst-tokens'] !== undefined) && {
      burst: {
        requests: values.burst === undefined ? null : number('--burst', values.burst),
        tokens: values['burst-tokens'] === undefined ? null : number('--burst-tokens', values['burst-tokens']),
      },
    }),
  };
  // Only an online run is told the deadline does not apply; a mistyped mode is named as such below.
  if (values.deadline !== undefined && (values.mode === undefined || values.mode === 'online')) {
    throw new UsageError('--deadline applies to --mode auto or batch: online runs go as fast as the limits allow.');
  }
  const batch = {
    ...(values.mode !== undefined && { mode: values.mode }),
    ...(values.deadline !== undefined && { deadlineMs: duration('--deadline', values.deadline) }),
    ...(values['batch-token-limit'] !== undefined && { batchTokenLimit: number('--batch-token-limit', values['batch-token-limit']) }),
  };
  const result = RunSettingsSchema.safeParse({ ...candidate, ...batch });
  if (!result.success) throw new UsageError(describeIssues(result.error));

  return {
    file: positionals[0]!,
    column: values.column,
    settings: result.data,
    apiKey: providerKind === 'openai' ? apiKey : undefined,
    outDir: values.out ?? 'articles',
    dataDir: values.data,
    dryRun: values['dry-run'] ?? false,
    json: values.json ?? false,
    keepDuplicates: values['keep-duplicates'] ?? false,
    simulator: {
      rpm: values['sim-rpm'] !== undefined ? positive('--sim-rpm', values['sim-rpm']) : 500,
      tpm: values['sim-tpm'] !== undefined ? positive('--sim-tpm', values['sim-tpm']) : 200_000,
      seed: values.seed !== undefined ? number('--seed', values.seed) : 1,
      failRate: values['sim-fail-rate'] !== undefined ? rate('--sim-fail-rate', values['sim-fail-rate']) : 0,
    },
    redisUrl: redisUrl(values.redis, env),
    keysFile: values.keys,
    pricesFile: values.prices,
    gatesFile: values.gates,
  };
}

function isOpenAI(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname.endsWith('openai.com');
  } catch {
    return false;
  }
}

function readPromptFile(path: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new UsageError(`Cannot read --prompt-file ${JSON.stringify(path)}: ${(error as Error).message}`);
  }
}

function number(flag: string, raw: string): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${flag} must be a number, got ${JSON.stringify(raw)}.`);
  return value;
}

/** A Go-style duration (2h, 90m, 1h30m, 45s), the form the rate-limit headers use too. */
function duration(flag: string, raw: string): number {
  const ms = parseGoDuration(raw);
  if (ms === undefined || ms <= 0) throw new UsageError(`${flag} must be a duration such as 2h, 90m or 1h30m, got ${JSON.stringify(raw)}.`);
  return Math.ceil(ms);
}

function positive(flag: string, raw: string): number {
  const value = number(flag, raw);
  if (value <= 0) throw new UsageError(`${flag} must be greater than 0, got ${JSON.stringify(raw)}.`);
  return value;
}

function rate(flag: string, raw: string): number {
  const value = number(flag, raw);
  if (value < 0 || value > 1) throw new UsageError(`${flag} must be between 0 and 1, got ${JSON.stringify(raw)}.`);
  return value;
}

const FLAG_OF: Record<string, string> = {
  rpm: '--rpm',
  tpm: '--tpm',
  workers: '--workers',
  maxTokens: '--max-tokens',
  temperature: '--temperature',
  model: '--model',
  promptTemplate: '--prompt',
  requestTimeoutMs: '--timeout',
  'retry.maxAttempts': '--max-attempts',
  'provider.baseURL': '--base-url',
  budgetUsd: '--budget-usd',
  mode: '--mode',
  deadlineMs: '--deadline',
  batchTokenLimit: '--batch-token-limit',
};

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      return `${FLAG_OF[path] ?? path}: ${issue.message}`;
    })
    .join('\n');
}
