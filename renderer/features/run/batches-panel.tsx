import type { BatchSummary } from '../../../shared/domain/batch.ts';
import { formatCount } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';

/** A batch run's Batch API batches: each one's state and how many of its lines have ended. */
export function BatchesPanel() {
  const batches = usePacer((s) => s.batches);
  if (batches.length === 0) return null;
  return (
    <section className="card batches-panel" data-testid="batches-panel" aria-label="Batches">
      <h3>Batches</h3>
      <table className="batches-table">
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">State</th>
            <th scope="col">Done</th>
            <th scope="col">Failed</th>
            <th scope="col">Lines</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <BatchRow key={batch.partId} batch={batch} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BatchRow({ batch }: { batch: BatchSummary }) {
  return (
    <tr data-testid="batch-row" data-status={batch.status} data-collected={batch.collected}>
      <td>
        <code>{batch.batchId ?? 'submitting…'}</code>
      </td>
      <td>{batch.collected ? `${batch.status}, collected` : batch.status.replace('_', ' ')}</td>
      <td>{formatCount(batch.completed)}</td>
      <td>{formatCount(batch.failed)}</td>
      <td>{formatCount(batch.total)}</td>
    </tr>
  );
}
