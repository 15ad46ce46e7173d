import type { z } from 'zod';
import { assertNever } from '../../../shared/assert-never.ts';
import type { LimitShape, SimulatorSettings } from '../../../shared/domain/simulator-settings.ts';
import { SimulatorSettingsSchema } from '../../../shared/domain/simulator-settings.ts';
import { parseNumber } from '../../store/settings-draft.ts';

/**
 * The Simulator panel as the user types it: strings, so a half-typed value can sit in a field with
 * its message; fault rates in percent. Turned into SimulatorSettings through the shared schema, so
 * the panel says exactly what main would refuse.
 */
export interface ShapeDraft {
  readonly kind: LimitShape['kind'];
  /** A bucket's burst, or a window's length, in seconds. */
  readonly seconds: string;
  readonly periodMs: '1000' | '100';
}

export interface SimulatorDraft {
  readonly rpm: string;
  readonly tpm: string;
  readonly requestsShape: ShapeDraft;
  readonly tokensShape: ShapeDraft;
  readonly chargeRejected: boolean;
  readonly serverErrorPct: string;
  readonly overloadPct: string;
  readonly hangPct: string;
  readonly dropPct: string;
  readonly noHeadersPct: string;
  readonly firstTokenMs: string;
  readonly jitterMs: string;
  readonly tokensPerSecond: string;
}

export type SimulatorDraftField = Exclude<keyof SimulatorDraft, 'chargeRejected'> | 'faults';
export type SimulatorDraftErrors = Partial<Record<SimulatorDraftField, string>>;
export type SimulatorDraftResult = { readonly ok: true; readonly settings: SimulatorSettings } | { readonly ok: false; readonly errors: SimulatorDraftErrors };

export function draftFromSimulatorSettings(settings: SimulatorSettings): SimulatorDraft {
  const pct = (rate: number) => String(Math.round(rate * 10_000) / 100);
  return {
    rpm: settings.rpm === null ? '' : String(settings.rpm),
    tpm: settings.tpm === null ? '' : String(settings.tpm),
    requestsShape: shapeDraft(settings.shape.requests),
    tokensShape: shapeDraft(settings.shape.tokens),
    chargeRejected: settings.chargeRejected,
    serverErrorPct: pct(settings.faults.serverErrorRate),
    overloadPct: pct(settings.faults.overloadRate),
    hangPct: pct(settings.faults.hangRate),
    dropPct: pct(settings.faults.dropRate),
    noHeadersPct: pct(settings.faults.noHeadersOn429Rate),
    firstTokenMs: String(settings.latency.firstTokenMs),
    jitterMs: String(settings.latency.jitterMs),
    tokensPerSecond: String(settings.latency.tokensPerSecond),
  };
}

export function simulatorSettingsFromDraft(draft: SimulatorDraft): SimulatorDraftResult {
  const errors: SimulatorDraftErrors = {};
  const num = (field: SimulatorDraftField, text: string, what: string, blankIsNull = false): number | null => {
    const parsed = parseNumber(text);
    if (parsed === 'blank' && blankIsNull) return null;
    if (typeof parsed === 'number') return parsed;
    errors[field] = `${what} must be a number${blankIsNull ? ', or blank for no limit' : ''}, not ${JSON.stringify(text.trim())}`;
    return Number.NaN;
  };
  const rate = (field: SimulatorDraftField, text: string, what: string) => (num(field, text, what) ?? Number.NaN) / 100;
  const candidate = {
    rpm: num('rpm', draft.rpm, 'Requests per minute', true),
    tpm: num('tpm', draft.tpm, 'Tokens per minute', true),
    shape: { requests: shapeOf(draft.requestsShape, (text) => num('requestsShape', text, 'Seconds')), tokens: shapeOf(draft.tokensShape, (text) => num('tokensShape', text, 'Seconds')) },
    chargeRejected: draft.chargeRejected,
    faults: {
      serverErrorRate: rate('serverErrorPct', draft.serverErrorPct, 'Server errors'),
      overloadRate: rate('overloadPct', draft.overloadPct, 'Overloads'),
      hangRate: rate('hangPct', draft.hangPct, 'Hangs'),
      dropRate: rate('dropPct', draft.dropPct, 'Drops'),
      noHeadersOn429Rate: rate('noHeadersPct', draft.noHeadersPct, '429s without headers'),
    },
    latency: {
      firstTokenMs: num('firstTokenMs', draft.firstTokenMs, 'First token delay'),
      jitterMs: num('jitterMs', draft.jitterMs, 'Jitter'),
      tokensPerSecond: num('tokensPerSecond', draft.tokensPerSecond, 'Tokens per second'),
    },
  };
  const result = SimulatorSettingsSchema.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = fieldOf(issue.path);
      if (!errors[field]) errors[field] = percentMessage(field, issue);
    }
  }
  // A sum over 100 % is news only once every rate is itself in range.
  if (errors.faults && Object.values(FAULT_FIELDS).some((field) => errors[field])) delete errors.faults;
  if (Object.keys(errors).length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, settings: result.data };
}

function shapeDraft(shape: LimitShape): ShapeDraft {
  switch (shape.kind) {
    case 'bucket':
      return { kind: 'bucket', seconds: String(shape.burstSeconds), periodMs: '1000' };
    case 'window':
      return { kind: 'window', seconds: String(shape.seconds), periodMs: '1000' };
    case 'quantized':
      return { kind: 'quantized', seconds: '60', periodMs: shape.periodMs === 100 ? '100' : '1000' };
    default:
      return assertNever(shape, 'limit shape');
  }
}

function shapeOf(draft: ShapeDraft, seconds: (text: string) => number | null): unknown {
  switch (draft.kind) {
    case 'bucket':
      return { kind: 'bucket', burstSeconds: seconds(draft.seconds) };
    case 'window':
      return { kind: 'window', seconds: seconds(draft.seconds) };
    case 'quantized':
      return { kind: 'quantized', periodMs: Number(draft.periodMs) };
    default:
      return assertNever(draft.kind, 'limit shape');
  }
}

const FAULT_FIELDS: Readonly<Record<string, SimulatorDraftField>> = {
  serverErrorRate: 'serverErrorPct',
  overloadRate: 'overloadPct',
  hangRate: 'hangPct',
  dropRate: 'dropPct',
  noHeadersOn429Rate: 'noHeadersPct',
};

function fieldOf(path: readonly PropertyKey[]): SimulatorDraftField {
  const [head, second] = path;
  if (head === 'shape') return second === 'tokens' ? 'tokensShape' : 'requestsShape';
  if (head === 'faults') return (typeof second === 'string' && FAULT_FIELDS[second]) || 'faults';
  if (head === 'latency' && (second === 'firstTokenMs' || second === 'jitterMs' || second === 'tokensPerSecond')) return second;
  return head === 'tpm' ? 'tpm' : 'rpm';
}

/** The schema speaks in rates (0 to 1); the panel's fields are percentages. */
function percentMessage(field: SimulatorDraftField, issue: z.core.$ZodIssue): string {
  if (field.endsWith('Pct') && (issue.code === 'too_big' || issue.code === 'too_small')) return 'Must be between 0 and 100 %';
  return issue.message;
}
