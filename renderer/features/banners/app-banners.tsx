import { DISCONNECTED, UNAUTHORIZED } from '../../bridge/connection.ts';
import { usePacer } from '../../store/store-context.tsx';
import { GoingRunBanner } from './going-run-banner.tsx';

/** How many interrupted runs get their own Resume button; the rest are in History. */
const LISTED = 3;
const NONE: readonly string[] = [];

/** App-wide banners: the lost connection (persistent), a run going out of sight, and runs interrupted when Pacer last stopped. */
export function AppBanners() {
  const connection = usePacer((s) => s.connection);
  const interrupted = usePacer((s) => s.appInfo?.interruptedRunIds ?? NONE);
  const dismissed = usePacer((s) => s.interruptedDismissed);
  const runs = usePacer((s) => s.runs);
  const resumeStoredRun = usePacer((s) => s.resumeStoredRun);
  const dismissInterrupted = usePacer((s) => s.dismissInterrupted);
  const setView = usePacer((s) => s.setView);
  // A run resumed or deleted since launch no longer needs the offer.
  const pending = interrupted.filter((id) => runs.find((run) => run.id === id)?.status === 'interrupted');

  return (
    <>
      {connection === 'disconnected' ? (
        <div className="banner banner-error" role="alert" data-testid="disconnected-banner">
          <p>{DISCONNECTED.message}</p>
        </div>
      ) : null}
      {connection === 'unauthorized' ? (
        <div className="banner banner-error" role="alert" data-testid="unauthorized-banner">
          <p>{UNAUTHORIZED.message}</p>
        </div>
      ) : null}
      <GoingRunBanner />
      {!dismissed && pending.length > 0 ? (
        <div className="banner banner-info" role="status" data-testid="interrupted-banner">
          <p>
            {pending.length === 1 ? 'A run was' : `${pending.length} runs were`} interrupted when Pacer last stopped. Resuming sends only what is not done.
          </p>
          <div className="banner-actions">
            {pending.slice(0, LISTED).map((id) => {
              const run = runs.find((r) => r.id === id);
              return (
                <button key={id} type="button" className="button-primary" data-testid="interrupted-resume" data-run-id={id} onClick={() => void resumeStoredRun(id)}>
                  Resume {run ? `${run.model} · ${run.counts.done}/${run.total}` : 'run'}
                </button>
              );
            })}
            {pending.length > LISTED ? (
              <button type="button" className="button-secondary" onClick={() => setView('history')}>
                See all in History
              </button>
            ) : null}
            <button type="button" className="button-quiet" data-testid="interrupted-dismiss" onClick={dismissInterrupted}>
              Not now
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
