import { useMemo } from 'react';
import type { DraftResult } from '../../store/settings-draft.ts';
import { settingsFromDraft } from '../../store/settings-draft.ts';
import { usePacer } from '../../store/store-context.tsx';

/** The settings form checked against the shared schema, recomputed only when the draft changes. */
export function useDraftResult(): DraftResult {
  const draft = usePacer((s) => s.draft);
  const base = usePacer((s) => s.baseSettings);
  return useMemo(() => settingsFromDraft(draft, base), [draft, base]);
}
