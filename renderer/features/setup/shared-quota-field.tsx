import { useEffect, useState } from 'react';
import { TextField } from '../../components/text-field.tsx';
import { usePacer } from '../../store/store-context.tsx';

/**
 * The app-wide "Shared quota": a Redis URL through which every run's quota is shared with the
 * other processes and machines pointed at it, from the next run start on. Kept with the app's
 * settings in main; main checks it (redis:// or rediss:// only) and its message is shown here.
 */
export function SharedQuotaField() {
  const call = usePacer((s) => s.call);
  const [saved, setSaved] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void call('sharedQuota.load', {}, { quiet: true }).then((result) => {
      if (!current || !result.ok) return;
      setSaved(result.value.redisUrl);
      setValue(result.value.redisUrl ?? '');
    });
    return () => {
      current = false;
    };
  }, [call]);

  const save = async (redisUrl: string | null) => {
    setBusy(true);
    const result = await call('sharedQuota.save', { redisUrl }, { quiet: true });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(undefined);
    setSaved(result.value.redisUrl);
    setValue(result.value.redisUrl ?? '');
  };

  const typed = value.trim();
  return (
    <form
      className="shared-quota"
      data-testid="shared-quota"
      onSubmit={(event) => {
        event.preventDefault();
        void save(typed === '' ? null : typed);
      }}
    >
      <TextField
        label="Shared quota (Redis)"
        testId="shared-quota-url"
        inputMode="url"
        placeholder="redis://host:6379/0"
        hint={
          <span data-testid="shared-quota-state">
            {saved === null ? 'None: each Pacer process keeps to the limit alone.' : `Runs share each quota through ${saved} from their next start; RPM and TPM are then the whole team's.`}
          </span>
        }
        value={value}
        error={error}
        onChange={setValue}
      />
      <div className="inline-form">
        <button type="submit" className="button-secondary" data-testid="shared-quota-save" disabled={busy || typed === (saved ?? '')}>
          Save
        </button>
        {saved !== null ? (
          <button type="button" className="button-quiet" data-testid="shared-quota-clear" disabled={busy} onClick={() => void save(null)}>
            Stop sharing
          </button>
        ) : null}
      </div>
    </form>
  );
}
