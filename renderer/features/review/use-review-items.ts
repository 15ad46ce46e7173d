import { useCallback, useEffect, useState } from 'react';
import type { ReviewItem } from '../../../shared/domain/review.ts';
import { usePacer } from '../../store/store-context.tsx';

export type ReviewItems = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly items: readonly ReviewItem[] } | { readonly kind: 'error'; readonly message: string };

/**
 * The open run's articles for review, loaded again after each action and whenever a task of the
 * run finishes (a regenerated article comes back), but not on every streamed token.
 */
export function useReviewItems(runId: string): { readonly state: ReviewItems; reload(): void } {
  const call = usePacer((s) => s.call);
  const finished = usePacer((s) => `${s.counts.done}|${s.counts.needs_review}|${s.counts.queued}`);
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<ReviewItems>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    void call('review.list', { runId }, { quiet: true }).then((result) => {
      if (!current) return;
      setState(result.ok ? { kind: 'ready', items: result.value } : { kind: 'error', message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [call, runId, version, finished]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { state, reload };
}
