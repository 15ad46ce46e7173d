import { useId } from 'react';
import { RUN_MODES } from '../../../shared/domain/settings.ts';
import type { RunMode } from '../../../shared/domain/settings.ts';
import { TextField } from '../../components/text-field.tsx';
import type { DraftErrors, ProviderChoice, SettingsDraft } from '../../store/settings-draft.ts';
import { usePacer } from '../../store/store-context.tsx';
import { ApiKeyField } from './api-key-field.tsx';
import { GateSettingsFieldset } from './gate-settings-fieldset.tsx';
import { KeyPoolField } from './key-pool-field.tsx';
import { SharedQuotaField } from './shared-quota-field.tsx';
import { TemplatePreview } from './template-preview.tsx';
import { useDraftResult } from './use-draft-result.ts';

const PROVIDERS: Readonly<Record<ProviderChoice, string>> = {
  simulator: 'Built-in simulator (no key, no cost)',
  openai: 'OpenAI',
  custom: 'Custom OpenAI-compatible server',
};

/** A first fixed pool size when the user leaves `auto`: small enough to be safe on any plan. */
const FIXED_WORKERS_START = '8';

const MODES: Readonly<Record<RunMode, string>> = {
  online: 'Online: as fast as the limits allow, list price',
  batch: 'Batch API: half price, done within 24 h',
  auto: 'Auto: batch when it can finish by the deadline, else online',
};

/** Every run setting, checked inline against the shared schema as the user types. */
export function SettingsForm() {
  const draft = usePacer((s) => s.draft);
  const updateDraft = usePacer((s) => s.updateDraft);
  const result = useDraftResult();
  const errors: DraftErrors = result.ok ? {} : result.errors;
  const ids = { provider: useId(), workersMode: useId(), mode: useId() };
  const field = (name: keyof SettingsDraft) => ({
    value: draft[name],
    onChange: (value: string) => updateDraft({ [name]: value }),
    error: errors[name],
  });
  const workersAuto = draft.workers.trim().toLowerCase() === 'auto';

  return (
    <section className="card settings-form" aria-labelledby={`${ids.provider}-title`} data-testid="settings-form">
      <header className="card-header">
        <h2 id={`${ids.provider}-title`}>Settings</h2>
      </header>

      <div className="field">
        <label htmlFor={ids.provider}>Provider</label>
        <select id={ids.provider} data-testid="settings-provider" value={draft.provider} onChange={(event) => updateDraft({ provider: event.target.value as ProviderChoice })}>
          {(Object.keys(PROVIDERS) as ProviderChoice[]).map((choice) => (
            <option key={choice} value={choice}>
              {PROVIDERS[choice]}
            </option>
          ))}
        </select>
      </div>
      {draft.provider === 'custom' ? (
        <TextField label="Base URL" testId="settings-base-url" type="url" inputMode="url" placeholder="http://localhost:11434/v1" hint="Any OpenAI-compatible server: OpenRouter, Ollama, LM Studio, vLLM…" {...field('baseURL')} />
      ) : null}
      <ApiKeyField needed={draft.provider !== 'simulator'} />

      <TextField label="Model" testId="settings-model" placeholder="gpt-4o-mini" {...field('model')} />
      <TextField label="System prompt" testId="settings-system-prompt" rows={2} placeholder="Optional, e.g. You are an expert SEO writer." {...field('systemPrompt')} />
      <TextField label="Prompt template" testId="settings-template" rows={4} hint="Use {{topic}} and any other column of your file as {{column}}." {...field('promptTemplate')} />
      <TemplatePreview template={draft.promptTemplate} systemPrompt={draft.systemPrompt} />

      <div className="field-grid">
        <TextField label="Temperature" testId="settings-temperature" inputMode="decimal" {...field('temperature')} />
        <TextField label="Max tokens" testId="settings-max-tokens" inputMode="numeric" {...field('maxTokens')} />
        <TextField label="Max attempts" testId="settings-max-attempts" inputMode="numeric" hint="Per topic, the first included." {...field('maxAttempts')} />
      </div>

      <fieldset className="limits">
        <legend>Price tier</legend>
        <div className="field-grid">
          <div className="field wide">
            <label htmlFor={ids.mode}>Mode</label>
            <select id={ids.mode} data-testid="settings-mode" value={draft.mode} onChange={(event) => updateDraft({ mode: event.target.value })}>
              {RUN_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {MODES[mode]}
                </option>
              ))}
            </select>
          </div>
          {draft.mode === 'online' ? null : (
            <TextField label="Deadline (hours)" testId="settings-deadline" inputMode="decimal" placeholder="none" hint="Auto moves what is left online in time to meet it." {...field('deadlineHours')} />
          )}
        </div>
      </fieldset>

      <fieldset className="limits">
        <legend>Rate limits</legend>
        <div className="field-grid">
          <TextField label="Requests / min (RPM)" testId="settings-rpm" inputMode="numeric" placeholder="learn from server" {...field('rpm')} />
          <TextField label="Tokens / min (TPM)" testId="settings-tpm" inputMode="numeric" placeholder="learn from server" {...field('tpm')} />
          <div className="field">
            <label htmlFor={ids.workersMode}>Workers</label>
            <div className="inline-form">
              <select
                id={ids.workersMode}
                data-testid="settings-workers-mode"
                value={workersAuto ? 'auto' : 'fixed'}
                onChange={(event) => updateDraft({ workers: event.target.value === 'auto' ? 'auto' : FIXED_WORKERS_START })}
              >
                <option value="auto">Auto</option>
                <option value="fixed">Fixed</option>
              </select>
              {workersAuto ? null : (
                <input
                  aria-label="Number of workers"
                  inputMode="numeric"
                  data-testid="settings-workers"
                  value={draft.workers}
                  aria-invalid={errors.workers ? true : undefined}
                  onChange={(event) => updateDraft({ workers: event.target.value })}
                />
              )}
            </div>
            {errors.workers ? (
              <p className="field-error" role="alert" data-testid="settings-workers-error">
                {errors.workers}
              </p>
            ) : null}
          </div>
        </div>
        <p className="field-hint">Leave RPM and TPM blank and Pacer learns them from the server's rate-limit headers. Auto sizes the pool from the limits and the latency it sees.</p>
      </fieldset>

      <TextField
        label="Budget (US $)"
        testId="settings-budget"
        inputMode="decimal"
        placeholder="no budget"
        hint="The run never spends more: each request reserves its worst case (prompt + max tokens) before it goes, and the run stops when the next one could pass the budget. Resume it with a higher one."
        {...field('budgetUsd')}
      />
      <GateSettingsFieldset errors={errors} />
      <fieldset className="limits team" data-testid="settings-team">
        <legend>Team</legend>
        <SharedQuotaField />
        <KeyPoolField />
      </fieldset>
    </section>
  );
}
