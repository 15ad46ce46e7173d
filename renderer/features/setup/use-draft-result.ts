import type { DraftResult } from '../../store/settings-draft.ts';
import { draftResultOf } from '../../store/draft-result.ts';
import { usePacer } from '../../store/store-context.tsx';

/** The settings form checked against the shared schema: one check per draft, shared by every reader. */
export function useDraftResult(): DraftResult {
  return usePacer((s) => draftResultOf(s.draft, s.baseSettings));
}
