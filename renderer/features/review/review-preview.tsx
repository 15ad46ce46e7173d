import { lazy, Suspense, useState } from 'react';
import type { ReviewItem } from '../../../shared/domain/review.ts';
import { visibleControls } from '../../../shared/text/visible-controls.ts';
import { formatUsd } from '../../components/format.ts';
import { useCallResult } from '../../components/use-call-result.ts';
import { usePacer } from '../../store/store-context.tsx';
import { GateVerdicts } from './gate-verdicts.tsx';

const ArticlePreview = lazy(async () => ({ default: (await import('../task-detail/article-preview.tsx')).ArticlePreview }));

/** The article under the cursor beside the gates' verdicts, readable or edited in place. */
export function ReviewPreview({
  runId,
  item,
  editing,
  onEditing,
  onSaved,
}: {
  readonly runId: string;
  readonly item: ReviewItem;
  readonly editing: boolean;
  onEditing(editing: boolean): void;
  onSaved(): void;
}) {
  const article = useCallResult('task.article', { runId, taskId: item.id }, `${item.status}|${item.edited}|${JSON.stringify(item.gates)}`, 0);
  return (
    <section className="review-preview" aria-label="Article under review" data-testid="review-preview" data-task-id={item.id}>
      <h3 className="review-preview-topic">{visibleControls(item.topic)}</h3>
      {item.regenerations > 0 ? (
        <p className="muted" data-testid="review-regenerations">
          Regenerated {item.regenerations} time{item.regenerations === 1 ? '' : 's'} after failing a gate
          {item.regenerationCostUsd > 0 ? `, for ${formatUsd(item.regenerationCostUsd)}` : ''}.
        </p>
      ) : null}
      {item.gates ? <GateVerdicts gates={item.gates} testId="review-gates" /> : <p className="muted">This run has no quality gates.</p>}
      {article.kind === 'error' ? <p className="message-error">{article.message}</p> : null}
      {article.kind === 'ready' && article.value.text !== null ? (
        editing ? (
          <ArticleEditor runId={runId} taskId={item.id} text={article.value.text} onDone={() => onEditing(false)} onSaved={onSaved} />
        ) : (
          <Suspense fallback={<p className="muted">Loading the article…</p>}>
            <ArticlePreview text={article.value.text} />
          </Suspense>
        )
      ) : null}
      {article.kind === 'loading' ? <p className="muted">Loading the article…</p> : null}
    </section>
  );
}

function ArticleEditor({ runId, taskId, text, onDone, onSaved }: { readonly runId: string; readonly taskId: string; readonly text: string; onDone(): void; onSaved(): void }) {
  const call = usePacer((s) => s.call);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    const result = await call('task.editArticle', { runId, taskId, text: draft }, { quiet: true });
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    onSaved();
    onDone();
  };
  return (
    <form
      className="review-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onDone();
        } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          event.stopPropagation();
          void save();
        }
      }}
    >
      <label htmlFor="review-editor-text">Article (Markdown) · Ctrl+Enter saves, Esc cancels</label>
      <textarea id="review-editor-text" data-testid="review-editor" value={draft} rows={18} autoFocus onChange={(event) => setDraft(event.target.value)} />
      {error ? (
        <p className="message-error" data-testid="review-editor-error">
          {error}
        </p>
      ) : null}
      <div className="review-editor-actions">
        <button type="submit" data-testid="review-editor-save" disabled={saving}>
          Save
        </button>
        <button type="button" className="button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
