import { useState } from 'react';
import { assertNever } from '../../../shared/assert-never.ts';
import type { SimulatorSettings } from '../../../shared/domain/simulator-settings.ts';
import { TextField } from '../../components/text-field.tsx';
import { usePacer } from '../../store/store-context.tsx';
import { LimitShapeField } from './limit-shape-field.tsx';
import { draftFromSimulatorSettings, simulatorSettingsFromDraft } from './simulator-draft.ts';
import type { SimulatorDraft, SimulatorDraftErrors } from './simulator-draft.ts';
import { SIMULATOR_PRESETS } from './simulator-presets.ts';
import '../../styles/simulator.css';

type Status = { readonly kind: 'idle' | 'loading' | 'saving' } | { readonly kind: 'applied'; readonly what: string } | { readonly kind: 'error'; readonly message: string };

/**
 * The built-in simulator's controls, shown when it is the provider: its limits, how each is
 * enforced, strict charging, faults and latency, with presets. Changes apply at once to the
 * simulator every run shares (simulator.set), running ones included, as a real server's would.
 * Collapsed at first, and it asks main for the settings only once opened.
 */
export function SimulatorPanel() {
  const provider = usePacer((s) => s.draft.provider);
  const call = usePacer((s) => s.call);
  const [draft, setDraft] = useState<SimulatorDraft | null>(null);
  const [applied, setApplied] = useState<SimulatorSettings | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  if (provider !== 'simulator') return null;

  const load = async () => {
    if (draft !== null || status.kind === 'loading') return;
    setStatus({ kind: 'loading' });
    const result = await call('simulator.get', {}, { quiet: true });
    if (!result.ok) return setStatus({ kind: 'error', message: result.error.message });
    setApplied(result.value);
    setDraft(draftFromSimulatorSettings(result.value));
    setStatus({ kind: 'idle' });
  };

  const apply = async (settings: SimulatorSettings, what: string) => {
    setStatus({ kind: 'saving' });
    const result = await call('simulator.set', { settings }, { quiet: true });
    if (!result.ok) return setStatus({ kind: 'error', message: result.error.message });
    setApplied(result.value);
    setDraft(draftFromSimulatorSettings(result.value));
    setStatus({ kind: 'applied', what });
  };

  const parsed = draft === null ? null : simulatorSettingsFromDraft(draft);
  const errors: SimulatorDraftErrors = parsed && !parsed.ok ? parsed.errors : {};
  const changed = parsed?.ok === true && JSON.stringify(parsed.settings) !== JSON.stringify(applied);
  const update = (change: Partial<SimulatorDraft>) => {
    if (draft === null) return;
    setDraft({ ...draft, ...change });
    if (status.kind === 'applied' || status.kind === 'error') setStatus({ kind: 'idle' });
  };
  const field = (name: Exclude<keyof SimulatorDraft, 'chargeRejected' | 'requestsShape' | 'tokensShape'>) => ({
    value: draft?.[name] ?? '',
    onChange: (value: string) => update({ [name]: value }),
    error: errors[name],
  });

  return (
    <details className="card simulator-panel" data-testid="simulator-panel" onToggle={(event) => event.currentTarget.open && void load()}>
      <summary data-testid="simulator-panel-toggle">
        <span className="simulator-title">Simulator</span>
        <span className="field-hint">{applied ? summarize(applied) : 'Its limits, how they are enforced, faults and latency'}</span>
      </summary>
      {draft === null ? (
        <p className="field-hint" data-testid="simulator-status" data-status={status.kind}>
          {status.kind === 'error' ? status.message : 'Loading the simulator’s settings…'}
        </p>
      ) : (
        <form
          className="simulator-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (parsed?.ok) void apply(parsed.settings, 'your settings');
          }}
        >
          <div className="simulator-presets" role="group" aria-label="Presets">
            {SIMULATOR_PRESETS.map((preset) => (
              <button key={preset.id} type="button" className="button-secondary" title={preset.description} data-testid={`simulator-preset-${preset.id}`} disabled={status.kind === 'saving'} onClick={() => void apply(preset.settings, preset.name)}>
                {preset.name}
              </button>
            ))}
          </div>

          <fieldset>
            <legend>Limits</legend>
            <div className="field-grid simulator-grid-2">
              <TextField label="Requests / min (RPM)" testId="simulator-rpm" inputMode="numeric" placeholder="no limit" {...field('rpm')} />
              <TextField label="Tokens / min (TPM)" testId="simulator-tpm" inputMode="numeric" placeholder="no limit" {...field('tpm')} />
              <LimitShapeField label="Requests enforced as" testId="simulator-requests-shape" value={draft.requestsShape} error={errors.requestsShape} onChange={(requestsShape) => update({ requestsShape })} />
              <LimitShapeField label="Tokens enforced as" testId="simulator-tokens-shape" value={draft.tokensShape} error={errors.tokensShape} onChange={(tokensShape) => update({ tokensShape })} />
            </div>
            <label className="field-inline">
              <input type="checkbox" data-testid="simulator-strict" checked={draft.chargeRejected} onChange={(event) => update({ chargeRejected: event.target.checked })} />
              Strict: refused (429) requests still count against the limits
            </label>
          </fieldset>

          <fieldset>
            <legend>Faults (% of admitted requests)</legend>
            <div className="field-grid">
              <TextField label="Server errors (500)" testId="simulator-server-errors" inputMode="decimal" {...field('serverErrorPct')} />
              <TextField label="Overloads (503)" testId="simulator-overloads" inputMode="decimal" {...field('overloadPct')} />
              <TextField label="Dropped connections" testId="simulator-drops" inputMode="decimal" {...field('dropPct')} />
              <TextField label="Never answered" testId="simulator-hangs" inputMode="decimal" {...field('hangPct')} />
              <TextField label="429s without headers" testId="simulator-no-headers" inputMode="decimal" {...field('noHeadersPct')} />
            </div>
            {errors.faults ? (
              <p className="field-error" role="alert" data-testid="simulator-faults-error">
                {errors.faults}
              </p>
            ) : null}
          </fieldset>

          <fieldset>
            <legend>Latency</legend>
            <div className="field-grid">
              <TextField label="First token (ms)" testId="simulator-first-token" inputMode="numeric" {...field('firstTokenMs')} />
              <TextField label="Jitter (ms)" testId="simulator-jitter" inputMode="numeric" hint="Added at random, up to this." {...field('jitterMs')} />
              <TextField label="Tokens / second" testId="simulator-tokens-per-second" inputMode="numeric" {...field('tokensPerSecond')} />
            </div>
          </fieldset>

          <div className="form-actions">
            <button type="submit" className="button-primary" data-testid="simulator-apply" disabled={!changed || status.kind === 'saving'}>
              Apply
            </button>
            <p className="field-hint" data-testid="simulator-status" data-status={status.kind} role="status">
              {statusText(status)}
            </p>
          </div>
        </form>
      )}
    </details>
  );
}

function statusText(status: Status): string {
  switch (status.kind) {
    case 'idle':
      return 'Changes apply at once to every run on the simulator.';
    case 'loading':
      return 'Loading…';
    case 'saving':
      return 'Applying…';
    case 'applied':
      return `Applied ${status.what}: runs on the simulator meet them from the next request.`;
    case 'error':
      return status.message;
    default:
      return assertNever(status, 'status');
  }
}

/** One line for the closed panel, e.g. "60 RPM · 60,000 TPM · 10 s windows · strict · faults 17 %". */
function summarize(settings: SimulatorSettings): string {
  const limit = (value: number | null, unit: string) => (value === null ? `no ${unit} limit` : `${value.toLocaleString('en-US')} ${unit}`);
  const shape = (s: SimulatorSettings['shape']['requests']) =>
    s.kind === 'bucket' ? `${s.burstSeconds} s bucket` : s.kind === 'window' ? `${s.seconds} s windows` : `quantized per ${s.periodMs === 1000 ? 'second' : '100 ms'}`;
  const shapes = JSON.stringify(settings.shape.requests) === JSON.stringify(settings.shape.tokens) ? shape(settings.shape.requests) : `${shape(settings.shape.requests)} / ${shape(settings.shape.tokens)}`;
  const { serverErrorRate, overloadRate, hangRate, dropRate } = settings.faults;
  const faults = serverErrorRate + overloadRate + hangRate + dropRate;
  return [limit(settings.rpm, 'RPM'), limit(settings.tpm, 'TPM'), shapes, settings.chargeRejected ? 'strict' : '', faults > 0 ? `faults ${Math.round(faults * 1000) / 10} %` : 'no faults']
    .filter(Boolean)
    .join(' · ');
}
