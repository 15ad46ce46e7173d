import { useId } from 'react';
import { assertNever } from '../../../shared/assert-never.ts';
import type { ShapeDraft } from './simulator-draft.ts';

const KINDS: Readonly<Record<ShapeDraft['kind'], string>> = {
  bucket: 'Continuous bucket',
  window: 'Fixed windows',
  quantized: 'Quantized',
};

/** How one limit is enforced: the kind, then its one number (burst or window seconds, or the sub-window). */
export function LimitShapeField(props: { readonly label: string; readonly testId: string; readonly value: ShapeDraft; readonly error?: string | undefined; readonly onChange: (value: ShapeDraft) => void }) {
  const id = useId();
  const { value } = props;
  return (
    <div className="field simulator-shape">
      <label htmlFor={id}>{props.label}</label>
      <div className="inline-form">
        <select id={id} data-testid={`${props.testId}-kind`} value={value.kind} onChange={(event) => props.onChange({ ...value, kind: event.target.value as ShapeDraft['kind'] })}>
          {(Object.keys(KINDS) as ShapeDraft['kind'][]).map((kind) => (
            <option key={kind} value={kind}>
              {KINDS[kind]}
            </option>
          ))}
        </select>
        {value.kind === 'quantized' ? (
          <select aria-label={`${props.label}: enforced per`} data-testid={`${props.testId}-period`} value={value.periodMs} onChange={(event) => props.onChange({ ...value, periodMs: event.target.value as ShapeDraft['periodMs'] })}>
            <option value="1000">per second</option>
            <option value="100">per 100 ms</option>
          </select>
        ) : (
          <input
            aria-label={`${props.label}: ${value.kind === 'bucket' ? 'burst' : 'window'} in seconds`}
            inputMode="decimal"
            data-testid={`${props.testId}-seconds`}
            value={value.seconds}
            aria-invalid={props.error ? true : undefined}
            onChange={(event) => props.onChange({ ...value, seconds: event.target.value })}
          />
        )}
      </div>
      <p className="field-hint">{hint(value)}</p>
      {props.error ? (
        <p className="field-error" role="alert" data-testid={`${props.testId}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function hint(value: ShapeDraft): string {
  switch (value.kind) {
    case 'bucket':
      return 'Refills continuously; holds this many seconds of the limit (60: a whole minute at once).';
    case 'window':
      return 'Counts in fixed windows of this many seconds (1 to 60), each allowing its share of the minute.';
    case 'quantized':
      return 'Headers show a whole-minute bucket, but each second (or 100 ms) allows only its share.';
    default:
      return assertNever(value.kind, 'limit shape');
  }
}
