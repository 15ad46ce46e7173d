import { DEFAULT_BANNED_PHRASES } from '../../../shared/quality/default-phrases.ts';
import { TextField } from '../../components/text-field.tsx';
import type { GatesDraftField } from '../../store/gates-draft.ts';
import type { DraftErrors } from '../../store/settings-draft.ts';
import { usePacer } from '../../store/store-context.tsx';

/**
 * The run's quality gates: each article must pass them, else it is written again up to N times
 * and then kept as "needs review". A blank field turns its gate off.
 */
export function GateSettingsFieldset({ errors }: { readonly errors: DraftErrors }) {
  const draft = usePacer((s) => s.draft);
  const updateDraft = usePacer((s) => s.updateDraft);
  const field = (name: GatesDraftField) => ({ value: draft[name], onChange: (value: string) => updateDraft({ [name]: value }), error: errors[name] });
  const on = draft.gatesOn === 'on';
  return (
    <fieldset className="gates" data-testid="settings-gates">
      <legend>Quality gates</legend>
      <label className="checkbox">
        <input type="checkbox" data-testid="settings-gates-on" checked={on} onChange={(event) => updateDraft({ gatesOn: event.target.checked ? 'on' : 'off' })} /> Check every article; regenerate
        those that fail, then mark them "needs review"
      </label>
      {on ? (
        <>
          <div className="field-grid">
            <TextField label="Regenerations" testId="settings-gate-regenerations" inputMode="numeric" hint="Per article, apart from retries after errors." {...field('gateRegenerations')} />
            <TextField label="Min words" testId="settings-gate-min-words" inputMode="numeric" placeholder="off" {...field('gateMinWords')} />
            <TextField label="Max words" testId="settings-gate-max-words" inputMode="numeric" placeholder="off" {...field('gateMaxWords')} />
            <TextField label="Key words of the topic" testId="settings-gate-keywords" inputMode="decimal" placeholder="off" hint="Share required, e.g. 0.8." {...field('gateKeywords')} />
            <TextField label="At least N headings" testId="settings-gate-headings" inputMode="numeric" placeholder="off" hint="The title included." {...field('gateMinHeadings')} />
            <TextField
              label="Near-duplicate threshold"
              testId="settings-gate-near-duplicate"
              inputMode="decimal"
              placeholder="off"
              hint="Similarity (0–1) from which an article duplicates another of the run."
              {...field('gateNearDuplicate')}
            />
          </div>
          <TextField label="Refusal and placeholder phrases" testId="settings-gate-phrases" rows={5} hint="One per line; empty turns the gate off." {...field('gatePhrases')} />
          <button type="button" className="button-link" data-testid="settings-gate-phrases-reset" onClick={() => updateDraft({ gatePhrases: DEFAULT_BANNED_PHRASES.join('\n') })}>
            Restore the default phrases
          </button>
        </>
      ) : null}
    </fieldset>
  );
}
