import { useState } from 'react';
import { limitWords } from '../../../shared/limit-words.ts';
import { isGoing } from '../../../shared/run-view/run-time.ts';
import { formatCount } from '../../components/format.ts';
import { TextField } from '../../components/text-field.tsx';
import type { QuotaSharing } from '../../store/live-run-data.ts';
import type { LiveControlsDraft } from '../../store/settings-draft.ts';
import { liveControlsFromDraft } from '../../store/settings-draft.ts';
import { usePacer } from '../../store/store-context.tsx';
import { quotaSharingText } from './quota-sharing-text.ts';

/**
 * RPM, TPM and workers while the run goes (`run.setControls`). Fields show what is in force
 * (learned limits appear as they are learned) until the user edits them; Apply sends only the
 * edited ones, so changing workers never resets a learned RPM.
 */
export function LiveControlsForm() {
  const limits = usePacer((s) => s.limits);
  const shapes = usePacer((s) => s.shapes);
  const sharing = usePacer((s) => s.sharing);
  const workers = usePacer((s) => s.workers);
  const workersSetting = usePacer((s) => s.detail?.settings.workers ?? 'auto');
  const going = usePacer((s) => isGoing(s.phase));
  const inFlight = usePacer((s) => s.counts.running);
  // One request until the server has answered once; then workers held back on "concurrency" wait
  // for the first reply's rate-limit headers. Both are the probe.
  const probing = usePacer((s) => isGoing(s.phase) && (s.awaitingFirstReply || s.totals.heldForProbe > 0));
  const setControls = usePacer((s) => s.setControls);
  const [edits, setEdits] = useState<Partial<LiveControlsDraft>>({});
  const [busy, setBusy] = useState(false);

  const current: LiveControlsDraft = {
    rpm: limits.rpm === null ? '' : String(limits.rpm),
    tpm: limits.tpm === null ? '' : String(limits.tpm),
    workers: String(workersSetting),
  };
  const draft = { ...current, ...edits };
  const checked = liveControlsFromDraft(draft);
  const errors = checked.ok ? {} : checked.errors;
  const edited = (Object.keys(edits) as (keyof LiveControlsDraft)[]).filter((key) => edits[key] !== current[key]);

  const apply = async () => {
    if (!checked.ok || edited.length === 0) return;
    const controls = Object.fromEntries(edited.map((key) => [key, checked.controls[key]]));
    setBusy(true);
    if (await setControls(controls)) setEdits({});
    setBusy(false);
  };

  return (
    <form
      className="live-controls"
      aria-label="Limits while running"
      data-testid="live-controls"
      onSubmit={(event) => {
        event.preventDefault();
        void apply();
      }}
    >
      <TextField label="RPM" testId="live-rpm" inputMode="numeric" placeholder="learn" value={draft.rpm} error={errors.rpm} onChange={(rpm) => setEdits((e) => ({ ...e, rpm }))} disabled={!going} />
      <TextField label="TPM" testId="live-tpm" inputMode="numeric" placeholder="learn" value={draft.tpm} error={errors.tpm} onChange={(tpm) => setEdits((e) => ({ ...e, tpm }))} disabled={!going} />
      <TextField
        label="Workers"
        testId="live-workers"
        placeholder="auto"
        hint={
          <span data-testid="live-workers-state" data-probing={probing}>
            {formatCount(workers)} allowed · {formatCount(inFlight)} in flight
            {probing ? ' · probing: one request until the server’s limits are known' : ''}
          </span>
        }
        value={draft.workers}
        error={errors.workers}
        onChange={(value) => setEdits((e) => ({ ...e, workers: value }))}
        disabled={!going}
      />
      <button type="submit" className="button-secondary" data-testid="live-apply" disabled={!going || busy || edited.length === 0 || !checked.ok}>
        Apply
      </button>
      {shapes ? <LearnedLimits words={limitWords(limits, shapes)} /> : null}
      {sharing ? <Sharing sharing={sharing} /> : null}
    </form>
  );
}

/** What the server turned out to allow: the rate, and how much it takes at once or its windows. */
function LearnedLimits({ words }: { readonly words: { requests: string; tokens: string } }) {
  return (
    <p className="muted learned-limits" data-testid="learned-limits">
      Server allows: {words.requests} · {words.tokens}
    </p>
  );
}

/** How the quota is shared with other processes through Redis. */
function Sharing({ sharing }: { readonly sharing: QuotaSharing }) {
  return (
    <p className={sharing.mode === 'shared' ? 'muted' : 'message-warning'} data-testid="quota-sharing" data-mode={sharing.mode}>
      {quotaSharingText(sharing)}
    </p>
  );
}
