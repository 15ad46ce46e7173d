import { useEffect } from 'react';
import { usePacer } from '../../store/store-context.tsx';
import { HistoryRow } from './history-row.tsx';
import '../../styles/history.css';

/**
 * Every stored run, reloaded whenever main says the list changed (`runs.changed`), when shown (the
 * list's counts are not kept while History is hidden: runs-slice.ts), and while runs make progress.
 */
export function HistoryView() {
  const runs = usePacer((s) => s.runs);
  const loaded = usePacer((s) => s.runsLoaded);
  const setView = usePacer((s) => s.setView);
  const loadRuns = usePacer((s) => s.loadRuns);
  useEffect(() => void loadRuns(), [loadRuns]);
  return (
    <section className="card history-view" data-testid="history-view" aria-labelledby="history-title">
      <header className="card-header">
        <h2 id="history-title">History</h2>
      </header>
      {loaded && runs.length === 0 ? (
        <p className="muted" data-testid="history-empty">
          No runs yet.{' '}
          <button type="button" className="button-link" onClick={() => setView('setup')}>
            Set one up
          </button>
        </p>
      ) : (
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Done</th>
              <th scope="col">Duration</th>
              <th scope="col">Cost</th>
              <th scope="col" title="Requests the server refused with 429 Too Many Requests">429s</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <HistoryRow key={run.id} run={run} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
