import { lazy, Suspense, useMemo, useState } from 'react';
import type { TaskView } from '../../../shared/run-view/task-view.ts';
import { visibleControls } from '../../../shared/text/visible-controls.ts';
import { formatDuration, formatTokens } from '../../components/format.ts';
import { PathText } from '../../components/path-text.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useCallResult } from '../../components/use-call-result.ts';
import { useNow } from '../../components/use-now.ts';
import { usePacer } from '../../store/store-context.tsx';
import { currentError, statusDetail } from '../run/status-detail.ts';
import { EditPromptForm } from './edit-prompt-form.tsx';
import { RetryTimeline } from './retry-timeline.tsx';
import { GateVerdicts } from '../review/gate-verdicts.tsx';
import { TaskActions } from './task-actions.tsx';
import { buildTimeline } from './timeline-model.ts';
import '../../styles/detail.css';

// The Markdown renderer is most of the bundle and only needed once an article is opened.
const ArticlePreview = lazy(async () => ({ default: (await import('./article-preview.tsx')).ArticlePreview }));

/** The selected task: its facts, actions, retry timeline, and its article once done. */
export function TaskDetailPanel() {
  const runId = usePacer((s) => s.openRunId);
  const taskId = usePacer((s) => s.selectedTaskId);
  const task = usePacer((s) => (s.selectedTaskId === null ? undefined : s.byId[s.selectedTaskId]));
  if (runId === null || taskId === null || !task) return null;
  // Keyed by task so that edit state never leaks from one task to the next.
  return <TaskDetail key={taskId} runId={runId} task={task} />;
}

function TaskDetail({ runId, task }: { readonly runId: string; readonly task: TaskView }) {
  const selectTask = usePacer((s) => s.selectTask);
  const [editing, setEditing] = useState(false);
  const waiting = task.status === 'waiting' || task.status === 'retrying';
  const now = useNow(waiting || task.status === 'running');
  const ref = { runId, taskId: task.id };
  // Refetched when the task moves (a new attempt, a failure, a wait), not on every streamed token.
  const attemptsKey = `${task.attempts}|${task.status}|${task.wait?.until ?? ''}|${task.lastError?.message ?? ''}`;
  const attempts = useCallResult('task.attempts', ref, attemptsKey);
  const article = useCallResult('task.article', ref, `${task.status}|${task.finishedAt ?? ''}`);
  const timeline = useMemo(() => (attempts.kind === 'ready' ? buildTimeline(attempts.value, task, now) : null), [attempts, task, now]);

  return (
    <aside className="task-detail" aria-label="Task detail" data-testid="task-detail" data-task-id={task.id}>
      <header className="task-detail-header">
        <div>
          <p className="muted">Topic #{task.index + 1}</p>
          <h2 className="task-detail-topic">{visibleControls(task.topic)}</h2>
        </div>
        <button type="button" className="button-quiet" aria-label="Close task detail" data-testid="task-detail-close" onClick={() => selectTask(null)}>
          ×
        </button>
      </header>
      <p>
        <StatusBadge status={task.status} detail={statusDetail(task, now)} testId="task-detail-status" />
      </p>
      <dl className="facts">
        <div>
          <dt>Attempts</dt>
          <dd>{task.attempts}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{task.usage ? `${formatTokens(task.usage.promptTokens)} in · ${formatTokens(task.usage.completionTokens)} out` : formatTokens(task.completionTokens)}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>{task.latencyMs === undefined ? '–' : formatDuration(task.latencyMs)}</dd>
        </div>
      </dl>
      {currentError(task) ? (
        <p className="message-error" data-testid="task-detail-error">
          {visibleControls(currentError(task) ?? '')}
        </p>
      ) : null}

      {task.gates ? (
        <section aria-label="Quality gates">
          <h3>Quality gates</h3>
          {task.regenerations ? (
            <p className="muted" data-testid="task-regenerations">
              Regenerated {task.regenerations} time{task.regenerations === 1 ? '' : 's'} after failing a gate.
            </p>
          ) : null}
          <GateVerdicts gates={task.gates} testId="task-gates" />
        </section>
      ) : null}

      <TaskActions runId={runId} task={task} onEdit={() => setEditing(true)} canEdit={article.kind === 'ready'} />
      {editing && article.kind === 'ready' ? <EditPromptForm runId={runId} taskId={task.id} prompt={article.value.prompt} onDone={() => setEditing(false)} /> : null}

      <section aria-label="Retry timeline">
        <h3>Timeline</h3>
        {attempts.kind === 'error' ? <p className="message-error">{attempts.message}</p> : null}
        {timeline ? <RetryTimeline timeline={timeline} /> : attempts.kind === 'ready' ? <p className="muted">No attempt yet.</p> : null}
      </section>

      {task.status === 'done' || task.status === 'needs_review' ? (
        <section aria-label="Article">
          <h3>Article</h3>
          {article.kind === 'ready' && article.value.exportedPath ? (
            <p className="muted" data-testid="article-path">
              Saved as <PathText path={article.value.exportedPath} />
            </p>
          ) : null}
          {article.kind === 'error' ? <p className="message-error">{article.message}</p> : null}
          {article.kind === 'ready' && article.value.text !== null ? (
            <Suspense fallback={<p className="muted">Loading the article…</p>}>
              <ArticlePreview text={article.value.text} />
            </Suspense>
          ) : null}
          {article.kind === 'loading' ? <p className="muted">Loading the article…</p> : null}
        </section>
      ) : null}
    </aside>
  );
}
