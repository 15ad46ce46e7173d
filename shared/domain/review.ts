import type { StoredTask } from './run-records.ts';

/**
 * Which articles an export writes. By default every done one and each one that needed review and
 * was accepted; with `acceptedOnly` (the review grid's export) only those a person accepted. A
 * rejected article is never exported.
 */
export function isExportable(task: Pick<StoredTask, 'status' | 'review' | 'resultText'>, acceptedOnly: boolean): boolean {
  if (task.resultText === null || task.review === 'rejected') return false;
  if (task.status !== 'done' && task.status !== 'needs_review') return false;
  return acceptedOnly || task.status === 'needs_review' ? task.review === 'accepted' : true;
}
