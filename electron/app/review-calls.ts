import type { AppContext, CallHandlers } from './app-context.ts';
import { requireRunExists, requireTask } from './app-context.ts';

type ReviewCalls = Pick<CallHandlers, 'review.list' | 'review.set' | 'review.regenerate' | 'task.editArticle'>;

/** The review grid's calls: its articles, a verdict on several at once, regenerating them, an edit in place. */
export function reviewCalls(context: AppContext): ReviewCalls {
  const { store, service } = context;
  return {
    'review.list': async ({ runId }) => {
      requireRunExists(context, runId);
      return store.reviewItems(runId);
    },
    'review.set': async ({ runId, taskIds, verdict }) => {
      requireRunExists(context, runId);
      return { changed: service.review(runId, taskIds, verdict) };
    },
    'review.regenerate': async ({ runId, taskIds }) => {
      for (const taskId of taskIds) requireTask(context, runId, taskId);
      await service.regenerate(runId, taskIds);
      return null;
    },
    'task.editArticle': async ({ runId, taskId, text }) => {
      requireTask(context, runId, taskId);
      service.editArticle(runId, taskId, text);
      return null;
    },
  };
}
