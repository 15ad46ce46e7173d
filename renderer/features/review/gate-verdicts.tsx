import type { GateResult } from '../../../shared/quality/evaluate-gates.ts';
import { GATE_LABELS } from '../../../shared/quality/gate-failures.ts';
import { visibleControls } from '../../../shared/text/visible-controls.ts';

/** Each gate's verdict on an article: passed or failed, with what was measured against what it asks. */
export function GateVerdicts({ gates, testId = 'gate-verdicts' }: { readonly gates: readonly GateResult[]; readonly testId?: string }) {
  return (
    <ul className="gate-verdicts" data-testid={testId}>
      {gates.map((result) => (
        <li key={result.gate} className={result.passed ? 'gate-passed' : 'gate-failed'} data-gate={result.gate} data-passed={result.passed}>
          <span className="gate-mark" aria-hidden="true">
            {result.passed ? '✓' : '✗'}
          </span>{' '}
          <strong>{GATE_LABELS[result.gate]}</strong> <span className="sr-only">{result.passed ? 'passed' : 'failed'}</span>
          {': '}
          {visibleControls(result.reason)}
        </li>
      ))}
    </ul>
  );
}
