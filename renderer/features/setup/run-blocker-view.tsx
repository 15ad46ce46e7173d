import type { RunBlocker } from './use-run-blocker.ts';
import { goToField } from './use-run-blocker.ts';

/** A blocker's field link and one-click fix, where it has them. */
export function RunBlockerActions({ blocker, testId }: { readonly blocker: RunBlocker; readonly testId: string }) {
  if (!blocker.field && !blocker.fix) return null;
  return (
    <span className="run-blocker-actions">
      {blocker.field ? (
        <button type="button" className="button-link" data-testid={`${testId}-go`} onClick={() => goToField(blocker.field!.testId)}>
          Go to {blocker.field.label}
        </button>
      ) : null}
      {blocker.fix ? (
        <button type="button" className="button-secondary button-small" data-testid={blocker.fix.testId} onClick={blocker.fix.apply}>
          {blocker.fix.label}
        </button>
      ) : null}
    </span>
  );
}
