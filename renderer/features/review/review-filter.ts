import { failedGates } from '../../../shared/quality/gate-failures.ts';
import type { ReviewItem } from '../../../shared/domain/review.ts';
import type { GateName } from '../../../shared/quality/evaluate-gates.ts';

/** What the review grid shows: by status, by a gate the article failed, by the reviewer's verdict. */
export interface ReviewFilter {
  readonly status: 'all' | ReviewItem['status'];
  /** 'any': failed at least one gate. */
  readonly gate: 'all' | 'any' | GateName;
  readonly verdict: 'all' | 'undecided' | 'accepted' | 'rejected';
}

export const ALL_REVIEWS: ReviewFilter = { status: 'all', gate: 'all', verdict: 'all' };

export function matchesReview(item: ReviewItem, filter: ReviewFilter): boolean {
  if (filter.status !== 'all' && item.status !== filter.status) return false;
  if (filter.verdict !== 'all' && (item.review ?? 'undecided') !== filter.verdict) return false;
  if (filter.gate === 'all') return true;
  const failed = failedGates(item.gates ?? []);
  return filter.gate === 'any' ? failed.length > 0 : failed.some((result) => result.gate === filter.gate);
}
