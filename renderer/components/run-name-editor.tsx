import { useState } from 'react';
import { MAX_RUN_NAME_LENGTH } from '../../shared/domain/run-records.ts';
import { usePacer } from '../store/store-context.tsx';

/** A run's name, with Rename: Enter saves, Escape or Cancel keeps the old one. */
export function RunNameEditor({ runId, name, testId }: { readonly runId: string; readonly name: string; readonly testId: string }) {
  const renameRun = usePacer((s) => s.renameRun);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (editing === null) {
    return (
      <span className="run-name">
        <span className="run-name-text" data-testid={testId} title={name}>
          {name}
        </span>
        <button type="button" className="button-quiet button-small" data-testid={`${testId}-rename`} aria-label={`Rename ${name}`} onClick={() => setEditing(name)}>
          Rename
        </button>
      </span>
    );
  }
  const save = async () => {
    if (editing.trim() === '' || editing.trim() === name) return setEditing(null);
    setBusy(true);
    const saved = await renameRun(runId, editing);
    setBusy(false);
    if (saved) setEditing(null);
  };
  return (
    <form
      className="inline-form run-name-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <input
        aria-label="Run name"
        data-testid={`${testId}-input`}
        value={editing}
        maxLength={MAX_RUN_NAME_LENGTH}
        autoFocus
        disabled={busy}
        onChange={(event) => setEditing(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.stopPropagation();
          setEditing(null);
        }}
      />
      <button type="submit" className="button-secondary button-small" data-testid={`${testId}-save`} disabled={busy}>
        Save
      </button>
      <button type="button" className="button-quiet button-small" onClick={() => setEditing(null)}>
        Cancel
      </button>
    </form>
  );
}
