import { useMemo, useRef, useState } from 'react';
import type { ReviewItem } from '../../../shared/domain/review.ts';
import { GATE_NAMES } from '../../../shared/quality/evaluate-gates.ts';
import { GATE_LABELS } from '../../../shared/quality/gate-failures.ts';
import { formatCount } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';
import { ReviewGrid } from './review-grid.tsx';
import type { ReviewFilter } from './review-filter.ts';
import { ALL_REVIEWS, matchesReview } from './review-filter.ts';
import { ReviewPreview } from './review-preview.tsx';
import { useReviewItems } from './use-review-items.ts';
import '../../styles/review.css';

type Verdict = 'accepted' | 'rejected' | null;

/** The review grid of the open run: filter, read an article beside its gate failures, decide, edit, export what was accepted. */
export function ReviewView() {
  const runId = usePacer((s) => s.openRunId);
  if (runId === null) {
    return (
      <section className="card" data-testid="review-view-empty">
        <p>Open a run to review its articles.</p>
      </section>
    );
  }
  return <Review key={runId} runId={runId} />;
}

function Review({ runId }: { readonly runId: string }) {
  const call = usePacer((s) => s.call);
  const { state, reload } = useReviewItems(runId);
  const [filter, setFilter] = useState<ReviewFilter>(ALL_REVIEWS);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<{ readonly error: boolean; readonly text: string } | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const items = state.kind === 'ready' ? state.items : [];
  const visible = useMemo(() => items.filter((item) => matchesReview(item, filter)), [items, filter]);
  const current = visible.find((item) => item.id === cursor) ?? visible[0];
  const counts = useMemo(() => countVerdicts(items), [items]);

  // The selection acts when there is one, else the article under the cursor; only what the filter shows.
  const targets = (): string[] => {
    const shown = visible.filter((item) => selected.has(item.id)).map((item) => item.id);
    return shown.length > 0 ? shown : current ? [current.id] : [];
  };
  const report = (ok: boolean, text: string) => setNotice({ error: !ok, text });
  const refocus = () => grid.current?.querySelector<HTMLElement>('[data-testid="review-grid-scroll"]')?.focus();

  const decide = async (verdict: Verdict) => {
    const taskIds = targets();
    if (taskIds.length === 0) return;
    const result = await call('review.set', { runId, taskIds, verdict }, { quiet: true });
    if (!result.ok) return report(false, result.error.message);
    report(true, `${formatCount(result.value.changed)} article${result.value.changed === 1 ? '' : 's'} ${verdict ?? 'undecided again'}.`);
    reload();
  };
  const regenerate = async () => {
    const taskIds = targets();
    if (taskIds.length === 0) return;
    const result = await call('review.regenerate', { runId, taskIds }, { quiet: true });
    if (!result.ok) return report(false, result.error.message);
    report(true, `Writing ${formatCount(taskIds.length)} article${taskIds.length === 1 ? '' : 's'} again.`);
    setSelected(new Set());
    reload();
  };
  const exportAccepted = async () => {
    const folder = await call('folder.default', { runId }, { quiet: true });
    if (!folder.ok) return report(false, folder.error.message);
    const result = await call('export.run', { runId, folder: folder.value.handle, formats: ['markdown'], acceptedOnly: true }, { quiet: true });
    if (!result.ok) return report(false, result.error.message);
    const md = result.value.markdown;
    const failed = md?.failed.length ? `; ${md.failed.length} could not be written: ${md.failed[0]!.message}` : '';
    report(!failed, `Exported ${formatCount(md?.written ?? 0)} accepted article${md?.written === 1 ? '' : 's'} to ${result.value.dir} (${formatCount(md?.alreadyExported ?? 0)} already there)${failed}.`);
  };
  const onKey = (key: 'accept' | 'reject' | 'undecide' | 'regenerate' | 'edit') => {
    if (key === 'accept') void decide('accepted');
    else if (key === 'reject') void decide('rejected');
    else if (key === 'undecide') void decide(null);
    else if (key === 'regenerate') void regenerate();
    else if (current) setEditing(true);
  };
  const toggle = (id: string) =>
    setSelected((before) => {
      const next = new Set(before);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="review-view" data-testid="review-view">
      <header className="review-header">
        <h2>Review</h2>
        <p className="muted" data-testid="review-counts">
          {formatCount(items.length)} articles · {formatCount(counts.needsReview)} need review · {formatCount(counts.accepted)} accepted · {formatCount(counts.rejected)} rejected
        </p>
        <div className="review-filters" role="group" aria-label="Filter articles">
          <label>
            Status{' '}
            <select data-testid="review-filter-status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as ReviewFilter['status'] })}>
              <option value="all">All</option>
              <option value="needs_review">Needs review</option>
              <option value="done">Done</option>
            </select>
          </label>
          <label>
            Failed gate{' '}
            <select data-testid="review-filter-gate" value={filter.gate} onChange={(e) => setFilter({ ...filter, gate: e.target.value as ReviewFilter['gate'] })}>
              <option value="all">Any or none</option>
              <option value="any">Any gate</option>
              {GATE_NAMES.map((gate) => (
                <option key={gate} value={gate}>
                  {GATE_LABELS[gate]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Verdict{' '}
            <select data-testid="review-filter-verdict" value={filter.verdict} onChange={(e) => setFilter({ ...filter, verdict: e.target.value as ReviewFilter['verdict'] })}>
              <option value="all">All</option>
              <option value="undecided">Undecided</option>
              <option value="accepted">Accepted</option>
              <option value="rejected">Rejected</option>
            </select>
          </label>
        </div>
        <div className="review-actions" role="toolbar" aria-label="Review actions">
          <button type="button" data-testid="review-accept" onClick={() => void decide('accepted')} title="Accept (A)">
            Accept
          </button>
          <button type="button" data-testid="review-reject" onClick={() => void decide('rejected')} title="Reject (R)">
            Reject
          </button>
          <button type="button" className="button-quiet" data-testid="review-regenerate" onClick={() => void regenerate()} title="Regenerate (G)">
            Regenerate
          </button>
          <button type="button" className="button-quiet" data-testid="review-edit" disabled={!current} onClick={() => setEditing(true)} title="Edit (E)">
            Edit
          </button>
          <button type="button" data-testid="review-export" disabled={counts.accepted === 0} onClick={() => void exportAccepted()}>
            Export accepted
          </button>
          <span className="muted">{selected.size > 0 ? `${formatCount(selected.size)} selected` : 'Keys: ↑/↓ move · Space select · Esc unselect · A accept · R reject · U undo · G regenerate · E edit'}</span>
        </div>
        {notice ? (
          <p className={notice.error ? 'message-error' : 'muted'} role="status" data-testid="review-notice">
            {notice.text}
          </p>
        ) : null}
      </header>
      {state.kind === 'error' ? <p className="message-error">{state.message}</p> : null}
      <div className="review-body" ref={grid}>
        <ReviewGrid
          items={visible}
          cursor={current?.id ?? null}
          selected={selected}
          onCursor={(id) => {
            setCursor(id);
            setEditing(false);
          }}
          onToggle={toggle}
          onSelectAll={() => setSelected(new Set(visible.map((item) => item.id)))}
          onClearSelection={() => setSelected(new Set())}
          onKey={onKey}
        />
        {current ? (
          <ReviewPreview
            key={current.id}
            runId={runId}
            item={current}
            editing={editing}
            onEditing={(on) => {
              setEditing(on);
              if (!on) refocus();
            }}
            onSaved={() => {
              report(true, 'Article saved; the gates checked it again.');
              reload();
            }}
          />
        ) : null}
      </div>
    </div>
  );
}

function countVerdicts(items: readonly ReviewItem[]): { needsReview: number; accepted: number; rejected: number } {
  let needsReview = 0;
  let accepted = 0;
  let rejected = 0;
  for (const item of items) {
    if (item.status === 'needs_review') needsReview++;
    if (item.review === 'accepted') accepted++;
    if (item.review === 'rejected') rejected++;
  }
  return { needsReview, accepted, rejected };
}
