import { useMemo } from 'react';
import { checkTemplate } from '../../../shared/template.ts';
import { formatCount } from '../../components/format.ts';
import { defaultRunName } from '../../../shared/domain/run-records.ts';
import { FolderField } from '../../components/folder-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { usePacer } from '../../store/store-context.tsx';
import { EstimatePanel } from './estimate-panel.tsx';
import { useDraftResult } from './use-draft-result.ts';
import { useEstimate } from './use-estimate.ts';

/** Where the articles go, what the run will cost, and the Run button with the reason it is off. */
export function RunBar() {
  const result = useDraftResult();
  const parsed = usePacer((s) => s.topicsReading.parsed);
  const fileError = usePacer((s) => s.fileError);
  const loading = usePacer((s) => s.topicsLoading !== null);
  const pending = usePacer((s) => s.pendingFile !== null);
  const outDir = usePacer((s) => s.outDir);
  const runName = usePacer((s) => s.runName);
  const setRunName = usePacer((s) => s.setRunName);
  const fileName = usePacer((s) => s.topicsFileName);
  const setOutDir = usePacer((s) => s.setOutDir);
  const starting = usePacer((s) => s.starting);
  const createAndStartRun = usePacer((s) => s.createAndStartRun);
  const settings = result.ok ? result.settings : null;
  const templateError = useMemo(() => (settings && parsed ? checkTemplate(settings.promptTemplate, parsed.columns) : null), [settings, parsed]);
  // The file the user just dropped or picked could not be read: the topics still listed are not the ones they chose.
  const runnable = fileError === null && !loading && !pending && settings !== null && parsed !== null && templateError === null;
  const estimate = useEstimate(runnable ? settings : null, runnable ? parsed.tasks : null);

  const blocked = loading
    ? 'Reading the topics…'
    : pending
    ? 'Say whether the file replaces the topics (see Topics).'
    : fileError
    ? 'The file could not be used (see Topics): drop another file, or keep the topics there.'
    : !parsed
      ? 'Add topics to run.'
      : !settings
        ? 'Fix the settings marked in red.'
        : templateError
          ? 'Fix the prompt template.'
          : null;

  return (
    <section className="card run-bar" aria-label="Run">
      <TextField label="Run name" testId="run-name-input" value={runName} onChange={setRunName} placeholder={parsed ? defaultRunName(parsed.tasks[0]?.topic ?? '', fileName) : 'Named after its file or first topic'} />
      <FolderField
        label="Output folder"
        value={outDir}
        onChange={setOutDir}
        testId="output-folder"
        emptyText="None: export later"
        runName={runName.trim() || (parsed ? defaultRunName(parsed.tasks[0]?.topic ?? '', fileName) : undefined)}
        hint="Each article is written there as it finishes. Pacer never overwrites a file."
      />
      <EstimatePanel state={estimate} />
      <div className="run-bar-action">
        {blocked ? (
          <p className="muted" data-testid="run-blocked-reason">
            {blocked}
          </p>
        ) : null}
        <button type="button" className="button-primary button-large" data-testid="run-button" disabled={!runnable || starting} onClick={() => void createAndStartRun()}>
          {starting ? 'Starting…' : parsed ? `Run ${formatCount(parsed.tasks.length)} ${parsed.tasks.length === 1 ? 'topic' : 'topics'}` : 'Run'}
        </button>
      </div>
    </section>
  );
}
