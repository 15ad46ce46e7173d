import { useState } from 'react';
import { usePacer } from '../../store/store-context.tsx';

/** Edit one task's prompt and run it again (`task.editPrompt` stores the prompt, then retries). */
export function EditPromptForm({ runId, taskId, prompt, onDone }: { readonly runId: string; readonly taskId: string; readonly prompt: string; readonly onDone: () => void }) {
  const call = usePacer((s) => s.call);
  const [value, setValue] = useState(prompt);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <form
      className="edit-prompt"
      data-testid="task-prompt-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void call('task.editPrompt', { runId, taskId, prompt: value }, { quiet: true }).then((result) => {
          setBusy(false);
          if (result.ok) onDone();
          else setError(result.error.message);
        });
      }}
    >
      <label htmlFor={`prompt-${taskId}`}>Prompt for this topic</label>
      <textarea id={`prompt-${taskId}`} rows={6} data-testid="task-prompt-input" value={value} onChange={(event) => setValue(event.target.value)} />
      {error ? (
        <p className="field-error" role="alert" data-testid="task-prompt-error">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" data-testid="task-prompt-save" disabled={busy || value.trim() === ''}>
          Save and re-run
        </button>
        <button type="button" className="button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
