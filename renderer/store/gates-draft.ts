import type { GateSettings } from '../../shared/quality/gate-settings.ts';
import { RECOMMENDED_GATES } from '../../shared/quality/gate-settings.ts';
import { DEFAULT_BANNED_PHRASES } from '../../shared/quality/default-phrases.ts';

/**
 * The quality gates as the Setup form holds them: strings like every other field, a blank field
 * turning its gate off. Off as a whole by default, filled with the recommended values so that
 * turning them on starts from something sensible.
 */
export interface GatesDraft {
  /** 'on' or 'off'. */
  readonly gatesOn: string;
  readonly gateRegenerations: string;
  readonly gateMinWords: string;
  readonly gateMaxWords: string;
  /** The share of the topic's key words required, e.g. 0.8. */
  readonly gateKeywords: string;
  readonly gateMinHeadings: string;
  /** One phrase per line; the default list to start with. */
  readonly gatePhrases: string;
  /** Jaccard threshold, e.g. 0.8. */
  readonly gateNearDuplicate: string;
}

export type GatesDraftField = keyof GatesDraft;

export function gatesDraftOf(gates: GateSettings | null): GatesDraft {
  const shown = gates ?? RECOMMENDED_GATES;
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    gatesOn: gates ? 'on' : 'off',
    gateRegenerations: String(shown.maxRegenerations),
    gateMinWords: text(shown.words?.min),
    gateMaxWords: text(shown.words?.max),
    gateKeywords: text(shown.keywords?.minShare),
    gateMinHeadings: text(shown.structure?.minHeadings),
    gatePhrases: (gates ? (shown.phrases?.list ?? []) : DEFAULT_BANNED_PHRASES).join('\n'),
    gateNearDuplicate: text(shown.nearDuplicate?.threshold),
  };
}

/**
 * What the draft asks for, for the shared schema to check (it says what is wrong, by field):
 * null when the gates are off. A field that is not a number goes through as its text, so the
 * schema's message names it.
 */
export function gatesCandidate(draft: GatesDraft): unknown {
  if (draft.gatesOn !== 'on') return null;
  const value = (text: string): unknown => {
    const trimmed = text.trim();
    return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  };
  const given = (text: string) => text.trim() !== '';
  // A phrase keeps its spaces: "[your " (a placeholder) is not "[your" (which "[yourself" starts with).
  const phrases = draft.gatePhrases
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
  return {
    maxRegenerations: value(draft.gateRegenerations),
    ...((given(draft.gateMinWords) || given(draft.gateMaxWords)) && {
      words: { ...(given(draft.gateMinWords) && { min: value(draft.gateMinWords) }), ...(given(draft.gateMaxWords) && { max: value(draft.gateMaxWords) }) },
    }),
    ...(given(draft.gateKeywords) && { keywords: { minShare: value(draft.gateKeywords) } }),
    ...(given(draft.gateMinHeadings) && { structure: { minHeadings: value(draft.gateMinHeadings) } }),
    ...(phrases.length > 0 && { phrases: { list: phrases } }),
    ...(given(draft.gateNearDuplicate) && { nearDuplicate: { threshold: value(draft.gateNearDuplicate) } }),
  };
}

/** The form field a schema issue under `gates` belongs to. */
export function gatesFieldOf(path: readonly PropertyKey[]): GatesDraftField {
  const [, gate, key] = path;
  switch (gate) {
    case 'words':
      return key === 'max' ? 'gateMaxWords' : 'gateMinWords';
    case 'keywords':
      return 'gateKeywords';
    case 'structure':
      return 'gateMinHeadings';
    case 'phrases':
      return 'gatePhrases';
    case 'nearDuplicate':
      return 'gateNearDuplicate';
    default:
      return 'gateRegenerations';
  }
}
