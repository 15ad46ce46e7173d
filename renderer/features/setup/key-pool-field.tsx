import { useEffect, useId, useState } from 'react';
import type { KeyPoolStatus } from '../../../shared/ipc/contract.ts';
import { formatCount } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';

/**
 * The pool of keys runs send with, each its own quota (a task goes to the key that can take it
 * soonest; a refused key leaves the pool). Keys go straight to main's secret store and never come
 * back: the list shows each one's label and last four characters.
 */
export function KeyPoolField() {
  const call = usePacer((s) => s.call);
  const [pool, setPool] = useState<KeyPoolStatus | null>(null);
  const [draft, setDraft] = useState({ apiKey: '', label: '', rpm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { key: useId(), label: useId(), rpm: useId() };

  useEffect(() => {
    let current = true;
    void call('keyPool.list', {}, { quiet: true }).then((result) => current && result.ok && setPool(result.value));
    return () => {
      current = false;
    };
  }, [call]);

  const answer = (result: Awaited<ReturnType<typeof call<'keyPool.list'>>>): boolean => {
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return false;
    }
    setError(null);
    setPool(result.value);
    return true;
  };

  const add = async () => {
    const rpm = draft.rpm.trim();
    if (rpm !== '' && !/^\d+$/.test(rpm)) {
      setError('RPM must be a whole number, or blank for the run’s.');
      return;
    }
    setBusy(true);
    const label = draft.label.trim();
    const added = answer(await call('keyPool.add', { apiKey: draft.apiKey, ...(label !== '' && { label }), ...(rpm !== '' && { rpm: Number(rpm) }) }, { quiet: true }));
    if (added) setDraft({ apiKey: '', label: '', rpm: '' });
  };

  const keys = pool?.keys ?? [];
  return (
    <div className="field key-pool" data-testid="key-pool">
      <label htmlFor={ids.key}>Key pool</label>
      <p className="field-hint" data-testid="key-pool-state">
        {keys.length === 0 ? 'None: runs send with the API key above.' : `${keys.length} key${keys.length === 1 ? '' : 's'}: each run sends with all of them, each its own quota.`}
      </p>
      {pool?.warning ? (
        <p className="message-warning" data-testid="key-pool-warning">
          {pool.warning}
        </p>
      ) : null}
      {keys.length > 0 ? (
        <ul className="key-pool-list">
          {keys.map((key) => (
            <li key={key.id} data-testid="key-pool-entry">
              <span>
                {key.label} (ends {key.lastFour})
              </span>
              <span className="muted">{key.rpm === null ? 'the run’s limits' : `${formatCount(key.rpm)} RPM`}</span>
              <button
                type="button"
                className="button-quiet"
                data-testid="key-pool-remove"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  void call('keyPool.remove', { id: key.id }, { quiet: true }).then(answer);
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <input id={ids.key} type="password" autoComplete="off" spellCheck={false} placeholder="sk-… (one key)" data-testid="key-pool-key" value={draft.apiKey} onChange={(event) => setDraft((d) => ({ ...d, apiKey: event.target.value }))} />
        <input id={ids.label} aria-label="Label" placeholder="label" data-testid="key-pool-label" value={draft.label} onChange={(event) => setDraft((d) => ({ ...d, label: event.target.value }))} />
        <input id={ids.rpm} aria-label="Its RPM" inputMode="numeric" placeholder="RPM" data-testid="key-pool-rpm" value={draft.rpm} onChange={(event) => setDraft((d) => ({ ...d, rpm: event.target.value }))} />
        <button type="submit" className="button-secondary" data-testid="key-pool-add" disabled={busy || draft.apiKey.trim() === ''}>
          Add key
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert" data-testid="key-pool-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
