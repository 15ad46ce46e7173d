import { isTerminal } from '../../shared/domain/task.ts';
import { StoreError } from '../store/store-error.ts';
import type { StoredTask } from '../store/types.ts';
import type { AppContext, CallHandlers } from './app-context.ts';
import { isGoing, requireTask } from './app-context.ts';

type TaskCalls = Pick<CallHandlers, 'task.attempts' | 'task.article' | 'task.retry' | 'task.skip' | 'task.editPrompt'>;

/**
 * The calls on one task. RunService acts on a run it is driving, or restarts a finished one in
 * the background; these check first what it would otherwise find out too late for the caller
 * (an unknown task, one that is already queued), so every refusal is this call's answer.
 */
export function taskCalls(context: AppContext): TaskCalls {
  const { store, service } = context;
  return {
    'task.attempts': async ({ runId, taskId }) => {
      requireTask(context, runId, taskId);
      return store.getAttempts(runId, taskId);
    },
    'task.article': async ({ runId, taskId }) => {
      const task = requireTask(context, runId, taskId);
      return { topic: task.topic, prompt: task.prompt, text: task.resultText, exportedPath: task.exportedPath };
    },
    'task.retry': async ({ runId, taskId }) => {
      const task = requireTask(context, runId, taskId);
      if (!isGoing(context, runId) && !isTerminal(task.status)) {
        throw new StoreError('task_busy', `${describe(task)} has not been sent yet; start the run to send it.`);
      }
      await service.retryTask(runId, taskId); // refuses a task already queued or in flight
      return null;
    },
    'task.skip': async ({ runId, taskId }) => {
      const task = requireTask(context, runId, taskId);
      if (!isGoing(context, runId)) throw new StoreError('run_active', `Run "${runId}" is not going: only a going run's tasks can be skipped.`);
      if (!service.skipTask(runId, taskId)) throw new StoreError('task_busy', `${describe(task)} has already finished; there is nothing to skip.`);
      return null;
    },
    'task.editPrompt': async ({ runId, taskId, prompt }) => {
      const task = requireTask(context, runId, taskId);
      if (isGoing(context, runId) || isTerminal(task.status)) {
        await service.editPrompt(runId, taskId, prompt); // stored, then sent again
      } else {
        // A draft, or a task an interrupted run has not sent yet: the new prompt goes when the run starts.
        service.setPrompt(runId, taskId, prompt);
      }
      return null;
    },
  };
}

function describe(task: StoredTask): string {
  return `Task "${task.id}" (${JSON.stringify(task.topic.slice(0, 80))})`;
}
