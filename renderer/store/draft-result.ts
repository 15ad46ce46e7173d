import type { RunSettings } from '../../shared/domain/settings.ts';
import type { DraftResult, SettingsDraft } from './settings-draft.ts';
import { settingsFromDraft } from './settings-draft.ts';

/**
 * The settings form checked once per draft: the form, the estimate, the run blocker and the Run
 * action all get the same result until the draft or the base settings change. Keyed by the draft
 * object, which every edit replaces, so a draft no one holds any more is forgotten.
 */
const results = new WeakMap<SettingsDraft, { readonly base: RunSettings; readonly result: DraftResult }>();

export function draftResultOf(draft: SettingsDraft, base: RunSettings): DraftResult {
  const known = results.get(draft);
  if (known?.base === base) return known.result;
  const result = settingsFromDraft(draft, base);
  results.set(draft, { base, result });
  return result;
}
