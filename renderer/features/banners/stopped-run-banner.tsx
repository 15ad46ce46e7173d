import { usePacer } from '../../store/store-context.tsx';
import { RaiseBudgetForm } from './raise-budget-form.tsx';
import { stoppedRunAdvice } from './stopped-run-advice.ts';

/** The open run stopped on a run-level error (bad key, quota, unknown model): what happened and what to do. */
export function StoppedRunBanner() {
  const error = usePacer((s) => (s.runStatus === 'stopped' ? s.runError : null));
  const setView = usePacer((s) => s.setView);
  const runCommand = usePacer((s) => s.runCommand);
  if (!error) return null;
  const { advice, action } = stoppedRunAdvice(error);
  return (
    <div className="banner banner-error" role="alert" data-testid="stopped-banner" data-code={error.code}>
      <div>
        <p className="banner-title">{action === 'raise-budget' ? 'Budget reached' : 'The run stopped'}</p>
        <p data-testid="stopped-message">{error.message}</p>
        <p className="banner-advice" data-testid="stopped-advice">
          {advice}
        </p>
      </div>
      {action === 'raise-budget' ? (
        <RaiseBudgetForm />
      ) : action === 'settings' ? (
        <button type="button" className="button-secondary" data-testid="stopped-open-settings" onClick={() => setView('setup')}>
          Open Settings
        </button>
      ) : (
        <button type="button" className="button-primary" data-testid="stopped-resume" onClick={() => void runCommand('start')}>
          Resume run
        </button>
      )}
    </div>
  );
}
