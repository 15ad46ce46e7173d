import { formatCount } from '../../components/format.ts';
import { defaultRunName } from '../../../shared/domain/run-records.ts';
import { FolderField } from '../../components/folder-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { usePacer } from '../../store/store-context.tsx';
import { EstimatePanel } from './estimate-panel.tsx';
import { useEstimate } from './use-estimate.ts';
import { useRunBlocker } from './use-run-blocker.ts';

/** Where the articles go, what the run will cost, and the Run button with the reason it is off. */
export function RunBar() {
  const { blocker, settings, parsed } = useRunBlocker();
  const outDir = usePacer((s) => s.outDir);
  const runName = usePacer((s) => s.runName);
  const setRunName = usePacer((s) => s.setRunName);
  const fileName = usePacer((s) => s.topicsFileName);
  const setOutDir = usePacer((s) => s.setOutDir);
  const starting = usePacer((s) => s.starting);
  const createAndStartRun = usePacer((s) => s.createAndStartRun);
  const runnable = blocker === null && settings !== null && parsed !== null;
  const estimate = useEstimate(runnable ? settings : null, runnable ? parsed.tasks : null);
  const defaultName = parsed ? defaultRunName(parsed.tasks[0]?.topic ?? '', fileName) : undefined;

  return (
    <section className="card run-bar" aria-label="Run">
      <TextField label="Run name" testId="run-name-input" value={runName} onChange={setRunName} placeholder={defaultName ?? 'Named after its file or first topic'} />
      <FolderField
        label="Output folder"
        value={outDir}
        onChange={setOutDir}
        testId="output-folder"
        emptyText="None: export later"
        runName={runName.trim() || defaultName}
        hint="Each article is written there as it finishes. Pacer never overwrites a file."
      />
      <EstimatePanel state={estimate} blocker={blocker} />
      <div className="run-bar-action">
        {blocker ? (
          <p className="muted" data-testid="run-blocked-reason">
            {blocker.reason}
          </p>
        ) : null}
        <button type="button" className="button-primary button-large" data-testid="run-button" disabled={!runnable || starting} onClick={() => void createAndStartRun()}>
          {starting ? 'Starting…' : parsed ? `Run ${formatCount(parsed.tasks.length)} ${parsed.tasks.length === 1 ? 'topic' : 'topics'}` : 'Run'}
        </button>
      </div>
    </section>
  );
}
