import { LiveControlsSchema, RunSettingsSchema } from '../../shared/domain/settings.ts';
import type { LiveControls, RunSettings } from '../../shared/domain/settings.ts';
import { priceFor } from '../../shared/pricing.ts';
import type { GatesDraft } from './gates-draft.ts';
import { gatesCandidate, gatesDraftOf, gatesFieldOf } from './gates-draft.ts';

/**
 * The settings form as the user types it: every field a string, so "abc" or "" can sit in a
 * field with an inline message instead of being lost to a number input. Turning a draft into
 * RunSettings goes through the shared schema, so the form says exactly what main would refuse.
 */
export type ProviderChoice = 'simulator' | 'openai' | 'custom';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface SettingsDraft extends GatesDraft {
  readonly provider: ProviderChoice;
  /** Only for `custom`: any OpenAI-compatible server. */
  readonly baseURL: string;
  readonly model: string;
  readonly systemPrompt: string;
  readonly promptTemplate: string;
  readonly temperature: string;
  readonly maxTokens: string;
  /** Blank: learn from the server's rate-limit headers. */
  readonly rpm: string;
  readonly tpm: string;
  /** `auto` or a whole number. */
  readonly workers: string;
  readonly maxAttempts: string;
  /** US dollars; blank: no budget. */
  readonly budgetUsd: string;
  /** online | batch | auto (RunMode). */
  readonly mode: string;
  /** Hours; blank: no deadline. */
  readonly deadlineHours: string;
}

export type DraftField = keyof SettingsDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export type DraftResult = { readonly ok: true; readonly settings: RunSettings } | { readonly ok: false; readonly errors: DraftErrors };

export const DEFAULT_SETTINGS: RunSettings = RunSettingsSchema.parse({});

export function draftFromSettings(settings: RunSettings): SettingsDraft {
  const { provider } = settings;
  return {
    provider: provider.kind === 'simulator' ? 'simulator' : provider.baseURL.replace(/\/+$/, '') === OPENAI_BASE_URL ? 'openai' : 'custom',
    baseURL: provider.kind === 'openai' && provider.baseURL.replace(/\/+$/, '') !== OPENAI_BASE_URL ? provider.baseURL : '',
    model: settings.model,
    systemPrompt: settings.systemPrompt,
    promptTemplate: settings.promptTemplate,
    temperature: String(settings.temperature),
    maxTokens: String(settings.maxTokens),
    rpm: settings.rpm === null ? '' : String(settings.rpm),
    tpm: settings.tpm === null ? '' : String(settings.tpm),
    workers: String(settings.workers),
    maxAttempts: String(settings.retry.maxAttempts),
    budgetUsd: settings.budgetUsd === null ? '' : String(settings.budgetUsd),
    ...gatesDraftOf(settings.gates),
    mode: settings.mode,
    deadlineHours: settings.deadlineMs === null ? '' : String(Math.round((settings.deadlineMs / HOUR_MS) * 1_000) / 1_000),
  };
}

const LABELS = {
  temperature: 'Temperature',
  maxTokens: 'Max tokens',
  rpm: 'Requests per minute',
  tpm: 'Tokens per minute',
  workers: 'Workers',
  maxAttempts: 'Max attempts',
  deadlineHours: 'Deadline',
} as const;

const HOUR_MS = 3_600_000;

const BLANK_MEANS = { learn: ', or blank to learn it from the server', none: ', or blank for none' } as const;

/**
 * The draft as RunSettings, or a message per bad field. `base` supplies what the form does not
 * show (backoff delays, request timeout), so a stored run's tuning survives a round trip.
 */
export function settingsFromDraft(draft: SettingsDraft, base: RunSettings = DEFAULT_SETTINGS): DraftResult {
  const errors: DraftErrors = {};
  const num = (field: keyof typeof LABELS, blank: 'null' | 'error'): number | null => {
    const parsed = parseNumber(draft[field]);
    if (parsed === 'blank' && blank === 'null') return null;
    if (typeof parsed === 'number') return parsed;
    errors[field] = `${LABELS[field]} must be a number${blank === 'null' ? BLANK_MEANS[field === 'deadlineHours' ? 'none' : 'learn'] : ''}, not ${JSON.stringify(draft[field].trim())}`;
    return Number.NaN;
  };
  const candidate = {
    provider: draft.provider === 'simulator' ? { kind: 'simulator' } : { kind: 'openai', baseURL: draft.provider === 'openai' ? OPENAI_BASE_URL : draft.baseURL.trim() },
    model: draft.model,
    systemPrompt: draft.systemPrompt,
    promptTemplate: draft.promptTemplate,
    temperature: num('temperature', 'error'),
    maxTokens: num('maxTokens', 'error'),
    rpm: num('rpm', 'null'),
    tpm: num('tpm', 'null'),
    workers: draft.workers.trim().toLowerCase() === 'auto' ? 'auto' : num('workers', 'error'),
    retry: { ...base.retry, maxAttempts: num('maxAttempts', 'error') },
    requestTimeoutMs: base.requestTimeoutMs,
    budgetUsd: budgetOf(draft.budgetUsd, errors),
    gates: gatesCandidate(draft),
    mode: draft.mode,
    deadlineMs: deadlineOf(num('deadlineHours', 'null')),
    batchTokenLimit: base.batchTokenLimit,
  };
  const result = RunSettingsSchema.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = fieldOf(issue.path);
      if (field && !errors[field]) errors[field] = issue.message;
    }
  }
  if (result.success && result.data.budgetUsd !== null && !priceFor(result.data.model) && !errors.budgetUsd) {
    errors.budgetUsd = `Pacer has no price for ${JSON.stringify(result.data.model)}, so it cannot keep a budget: clear the budget or pick a listed model`;
  }
  if (Object.keys(errors).length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, settings: result.data };
}

/** Blank is no budget; "$5" reads as 5. Anything else not a number is refused, quoted. */
/** An amount of US dollars as typed, a leading "$" allowed. */
export function parseUsd(text: string): number | 'blank' | 'invalid' {
  return parseNumber(text.trim().replace(/^\$\s*/, ''));
}

function budgetOf(text: string, errors: DraftErrors): number | null {
  const parsed = parseUsd(text);
  if (parsed === 'blank') return null;
  if (typeof parsed === 'number') return parsed;
  errors.budgetUsd = `Budget must be a number of US dollars such as 5 or 12.50, or blank for no budget, not ${JSON.stringify(text.trim())}`;
  return Number.NaN;
}

export interface LiveControlsDraft {
  readonly rpm: string;
  readonly tpm: string;
  readonly workers: string;
}

export type LiveControlsResult =
  | { readonly ok: true; readonly controls: LiveControls }
  | { readonly ok: false; readonly errors: Partial<Record<keyof LiveControlsDraft, string>> };

/** The mid-run limits form: blank RPM/TPM means "learn from the server", workers `auto` or a number. */
export function liveControlsFromDraft(draft: LiveControlsDraft): LiveControlsResult {
  // Blank workers reads as `auto`, like blank limits read as "learn from the server".
  const workersText = draft.workers.trim() === '' ? 'auto' : draft.workers;
  const settings = settingsFromDraft({ ...draftFromSettings(DEFAULT_SETTINGS), rpm: draft.rpm, tpm: draft.tpm, workers: workersText });
  if (!settings.ok) {
    const { rpm, tpm, workers } = settings.errors;
    return { ok: false, errors: { ...(rpm && { rpm }), ...(tpm && { tpm }), ...(workers && { workers }) } };
  }
  const { rpm, tpm, workers } = settings.settings;
  return { ok: true, controls: LiveControlsSchema.parse({ rpm, tpm, workers }) };
}

/** Plain decimal notation only: "1e3" or "0x10" in a limits field is more likely a typo than intent. */
export function parseNumber(text: string): number | 'blank' | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return 'blank';
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : 'invalid';
}

/** Hours as whole milliseconds; null (blank) stays null, a bad number is left for the schema to refuse. */
function deadlineOf(hours: number | null): number | null {
  return hours === null ? null : Math.round(hours * HOUR_MS);
}

function fieldOf(path: readonly PropertyKey[]): DraftField | undefined {
  const [head, second] = path;
  if (head === 'deadlineMs') return 'deadlineHours';
  if (head === 'mode') return 'mode';
  if (head === 'provider') return 'baseURL';
  if (head === 'gates') return gatesFieldOf(path);
  if (head === 'retry' && second === 'maxAttempts') return 'maxAttempts';
  if (typeof head === 'string' && head in LABELS) return head as DraftField;
  if (head === 'model' || head === 'promptTemplate' || head === 'systemPrompt' || head === 'budgetUsd') return head;
  return undefined;
}
