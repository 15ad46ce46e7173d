import type { ReactNode } from 'react';
import { usePacer } from '../store/store-context.tsx';
import { TextField } from './text-field.tsx';

/**
 * A folder: typed, or picked with the native dialog where there is one (the app). The web host
 * has no native dialog (it answers `supported: false`), so there the path is typed.
 */
export function FolderField(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly testId: string;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly placeholder?: string;
}) {
  const electron = usePacer((s) => s.appInfo?.transport === 'electron');
  const call = usePacer((s) => s.call);
  const choose = async () => {
    const result = await call('dialog.chooseFolder', {});
    if (result.ok && result.value.path !== null) props.onChange(result.value.path);
  };
  return (
    <div className="folder-field">
      <TextField label={props.label} value={props.value} onChange={props.onChange} testId={props.testId} hint={props.hint} error={props.error} placeholder={props.placeholder ?? '/path/to/folder'} />
      {electron ? (
        <button type="button" className="button-secondary" data-testid={`${props.testId}-choose`} onClick={() => void choose()}>
          Choose…
        </button>
      ) : null}
    </div>
  );
}
