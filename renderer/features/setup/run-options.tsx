import { defaultRunName } from '../../../shared/domain/run-records.ts';
import { FolderField } from '../../components/folder-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { usePacer } from '../../store/store-context.tsx';

/** The new run's name and where its articles go as they finish. */
export function RunOptions() {
  const parsed = usePacer((s) => s.topicsReading.parsed);
  const fileName = usePacer((s) => s.topicsFileName);
  const outDir = usePacer((s) => s.outDir);
  const setOutDir = usePacer((s) => s.setOutDir);
  const runName = usePacer((s) => s.runName);
  const setRunName = usePacer((s) => s.setRunName);
  const defaultName = parsed ? defaultRunName(parsed.tasks[0]?.topic ?? '', fileName) : undefined;
  return (
    <section className="card run-options" aria-label="Run name and output folder">
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
    </section>
  );
}
