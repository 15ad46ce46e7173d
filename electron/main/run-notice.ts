import { assertNever } from '../../shared/assert-never.ts';
import type { RunFinishedEvent } from './run-progress.ts';

export interface Notice {
  readonly title: string;
  readonly body: string;
}

/** The desktop notification for a finished run: its outcome, then what became of its tasks. */
export function runFinishedNotice(event: RunFinishedEvent): Notice {
  const { done, failed, skipped, cancelled } = event.counts;
  const counts = [`${done} done`, failed > 0 && `${failed} failed`, skipped > 0 && `${skipped} skipped`, cancelled > 0 && `${cancelled} cancelled`]
    .filter(Boolean)
    .join(', ');
  switch (event.outcome) {
    case 'completed':
      return { title: failed > 0 ? 'Pacer: run finished with failures' : 'Pacer: run finished', body: `${counts}.` };
    case 'cancelled':
      return { title: 'Pacer: run cancelled', body: `${counts}.` };
    case 'stopped':
      return { title: 'Pacer: run stopped', body: event.error ? `${event.error.message} (${counts}.)` : `${counts}.` };
    default:
      return assertNever(event.outcome, 'run outcome');
  }
}
