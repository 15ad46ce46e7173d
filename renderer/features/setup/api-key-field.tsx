import { useId, useState } from 'react';
import type { KeyStatus } from '../../../shared/ipc/contract.ts';
import { usePacer } from '../../store/store-context.tsx';

const STORAGE_LABELS: Readonly<Record<KeyStatus['storage'], string>> = {
  encrypted: 'encrypted by the system keychain',
  'plain-text': 'stored in plain text on this computer',
  memory: 'kept in memory until Pacer quits',
  environment: 'read from OPENAI_API_KEY',
  none: 'not stored',
};

/**
 * The API key goes straight to main (`key.set`) and never comes back: the renderer only learns
 * whether one is set, where it is kept, and any warning about that.
 */
export function ApiKeyField({ needed }: { readonly needed: boolean }) {
  const status = usePacer((s) => s.keyStatus);
  const setKeyStatus = usePacer((s) => s.setKeyStatus);
  const call = usePacer((s) => s.call);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const run = async (save: boolean) => {
    setBusy(true);
    const result = save ? await call('key.set', { apiKey: value }, { quiet: true }) : await call('key.clear', {}, { quiet: true });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setKeyStatus(result.value);
    setValue('');
    setError(null);
  };

  return (
    <div className="field api-key">
      <label htmlFor={id}>API key</label>
      <p className="field-hint" data-testid="key-status" data-key-set={status?.set ? 'true' : 'false'} data-storage={status?.storage ?? 'none'}>
        {status?.set ? `A key is set, ${STORAGE_LABELS[status.storage]}.` : needed ? 'No key set: this provider needs one.' : 'No key set. The simulator needs none.'}
      </p>
      {status?.warning ? (
        <p className="message-warning" data-testid="key-warning">
          {status.warning}
        </p>
      ) : null}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(true);
        }}
      >
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={status?.set ? 'Replace the key' : 'sk-…'}
          value={value}
          data-testid="api-key-input"
          aria-invalid={error ? true : undefined}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="button-secondary" data-testid="api-key-save" disabled={busy || value.trim() === ''}>
          Save key
        </button>
        {status?.set && status.storage !== 'environment' ? (
          <button type="button" className="button-quiet" data-testid="api-key-clear" disabled={busy} onClick={() => void run(false)}>
            Forget key
          </button>
        ) : null}
      </form>
      {error ? (
        <p className="field-error" role="alert" data-testid="api-key-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
