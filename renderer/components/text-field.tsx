import { useId } from 'react';
import type { ReactNode } from 'react';

/**
 * A labelled input (or textarea) with its hint and inline error, wired for screen readers:
 * the error is announced and the control is marked invalid. `testId` names the control; its
 * error is `${testId}-error`.
 */
export interface TextFieldProps {
  readonly label: ReactNode;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  readonly placeholder?: string;
  readonly type?: 'text' | 'url';
  readonly inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
  /** A textarea with this many rows. */
  readonly rows?: number;
  readonly disabled?: boolean;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value: props.value,
    placeholder: props.placeholder,
    disabled: props.disabled,
    'data-testid': props.testId,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.rows === undefined ? (
        <input
          {...common}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => props.onChange(event.target.value)}
        />
      ) : (
        <textarea {...common} rows={props.rows} onChange={(event) => props.onChange(event.target.value)} />
      )}
      {props.hint ? (
        <p className="field-hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={errorId} role="alert" data-testid={`${props.testId}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
