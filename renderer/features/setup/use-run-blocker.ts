import { useMemo } from 'react';
import type { RunSettings } from '../../../shared/domain/settings.ts';
import type { ParsedTopics } from '../../../shared/input/parse-topics.ts';
import { checkTemplate } from '../../../shared/template.ts';
import type { DraftField } from '../../store/settings-draft.ts';
import { usePacer } from '../../store/store-context.tsx';
import { useDraftResult } from './use-draft-result.ts';

/**
 * Why Run is off, pointing at the one field to fix (and fixing it outright where the fix is
 * plain): a generic "add topics and valid settings" left people hunting through the form.
 */
export interface RunBlocker {
  /** A sentence by the Run button. */
  readonly reason: string;
  /** The exact problem, when there is more to say (a template error's message). */
  readonly detail?: string;
  /** The field to go to. */
  readonly field?: { readonly testId: string; readonly label: string };
  readonly fix?: { readonly label: string; readonly testId: string; readonly apply: () => void };
}

export interface RunReadiness {
  readonly blocker: RunBlocker | null;
  readonly settings: RunSettings | null;
  readonly parsed: ParsedTopics | null;
}

/**
 * Every field of the form, in the order they appear, with its test id and label: a Record over
 * DraftField, so a field added to the draft without a place here fails to compile.
 */
const FIELD_PLACES: Readonly<Record<DraftField, readonly [testId: string, label: string]>> = {
  provider: ['settings-provider', 'Provider'],
  baseURL: ['settings-base-url', 'Base URL'],
  model: ['settings-model', 'Model'],
  systemPrompt: ['settings-system-prompt', 'System prompt'],
  promptTemplate: ['settings-template', 'Prompt template'],
  temperature: ['settings-temperature', 'Temperature'],
  maxTokens: ['settings-max-tokens', 'Max tokens'],
  maxAttempts: ['settings-max-attempts', 'Max attempts'],
  mode: ['settings-mode', 'Mode'],
  deadlineHours: ['settings-deadline', 'Deadline'],
  rpm: ['settings-rpm', 'Requests / min'],
  tpm: ['settings-tpm', 'Tokens / min'],
  workers: ['settings-workers', 'Workers'],
  budgetUsd: ['settings-budget', 'Budget'],
  gatesOn: ['settings-gates-on', 'Quality gates'],
  gateRegenerations: ['settings-gate-regenerations', 'Regenerations'],
  gateMinWords: ['settings-gate-min-words', 'Min words'],
  gateMaxWords: ['settings-gate-max-words', 'Max words'],
  gateKeywords: ['settings-gate-keywords', 'Key words of the topic'],
  gateMinHeadings: ['settings-gate-headings', 'At least N headings'],
  gateNearDuplicate: ['settings-gate-near-duplicate', 'Near-duplicate threshold'],
  gatePhrases: ['settings-gate-phrases', 'Refusal and placeholder phrases'],
};
const FIELDS = Object.entries(FIELD_PLACES).map(([field, [testId, label]]) => [field as DraftField, testId, label] as const);

export function useRunBlocker(): RunReadiness {
  const result = useDraftResult();
  const parsed = usePacer((s) => s.topicsReading.parsed);
  const fileError = usePacer((s) => s.fileError);
  const loading = usePacer((s) => s.topicsLoading !== null);
  const pending = usePacer((s) => s.pendingFile !== null);
  const fromFile = usePacer((s) => s.topicsFileName !== null);
  const needsKey = usePacer((s) => s.draft.provider === 'openai' && s.keyStatus?.set !== true);
  const template = usePacer((s) => s.draft.promptTemplate);
  const updateDraft = usePacer((s) => s.updateDraft);
  const settings = result.ok ? result.settings : null;
  const templateError = useMemo(() => (settings && parsed ? checkTemplate(settings.promptTemplate, parsed.columns) : null), [settings, parsed]);

  const blocker = ((): RunBlocker | null => {
    if (loading) return { reason: 'Reading the topics…' };
    if (pending) return { reason: 'Say whether the file replaces the topics (see Topics).' };
    if (fileError) return { reason: 'The file could not be used (see Topics): drop another file, or keep the topics there.' };
    if (!parsed) return { reason: 'Add topics to run.', ...(fromFile ? {} : { field: { testId: 'topics-input', label: 'Topics' } }) };
    if (!result.ok) {
      const [field, testId, label] = FIELDS.find(([name]) => result.errors[name] !== undefined) ?? FIELDS[0]!;
      return { reason: `Fix ${label}: ${result.errors[field] ?? 'see the settings marked in red'}.`, field: { testId, label } };
    }
    if (templateError) {
      const variable = templateError.code === 'unknown_variable' ? templateError.variable : undefined;
      return {
        reason: 'Fix the prompt template.',
        detail: templateError.message,
        field: { testId: 'settings-template', label: 'Prompt template' },
        ...(variable !== undefined && {
          fix: {
            label: `Use {{topic}} instead of {{${variable}}}`,
            testId: 'template-use-topic',
            apply: () => updateDraft({ promptTemplate: replaceVariable(template, variable, 'topic') }),
          },
        }),
      };
    }
    if (needsKey) return { reason: 'OpenAI needs an API key: add yours in Settings.', field: { testId: 'api-key-input', label: 'API key' } };
    return null;
  })();
  return { blocker, settings, parsed };
}

/** Every `{{ name }}` (any spacing) becomes `{{replacement}}`. */
export function replaceVariable(template: string, name: string, replacement: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return template.replace(new RegExp(`\\{\\{\\s*${escaped}\\s*\\}\\}`, 'g'), `{{${replacement}}}`);
}

/** Brings a field into view and puts the cursor in it. */
export function goToField(testId: string): void {
  const element = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  element?.scrollIntoView({ block: 'center' });
  element?.focus();
}
