import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { FolderGrant } from '../../shared/ipc/contract.ts';
import { usePacer } from '../store/store-context.tsx';
import { FolderBrowser } from './folder-browser.tsx';
import { PathText } from './path-text.tsx';

/**
 * A folder to write to, always chosen through main: the native dialog in the desktop app, main's
 * folder browser in the web host (whose page cannot see the disk). Main answers a FolderGrant;
 * the field shows its path and hands on the grant, never a typed path. `testId` names the shown
 * path; `${testId}-choose` opens the chooser, `${testId}-clear` empties an optional field.
 */
export function FolderField(props: {
  readonly label: string;
  readonly value: FolderGrant | null;
  readonly onChange: (folder: FolderGrant | null) => void;
  readonly testId: string;
  readonly hint?: ReactNode;
  /** What an empty field means; without it the field cannot be cleared. */
  readonly emptyText?: string;
  /** The run's name, for the browser's "Default for this run". */
  readonly runName?: string;
}) {
  const electron = usePacer((s) => s.appInfo?.transport === 'electron');
  const call = usePacer((s) => s.call);
  const [browsing, setBrowsing] = useState(false);
  const id = useId();
  const choose = async () => {
    if (electron) {
      const result = await call('dialog.chooseFolder', {});
      if (!result.ok) return;
      if (result.value.supported) {
        if (result.value.folder !== null) props.onChange(result.value.folder);
        return;
      }
    }
    setBrowsing(true);
  };
  return (
    <div className="field folder-field">
      <span className="field-label" id={id}>
        {props.label}
      </span>
      <div className="folder-field-row">
        <span className="folder-field-value" aria-labelledby={id} data-testid={props.testId} data-path={props.value?.path ?? ''}>
          {props.value ? <PathText path={props.value.path} /> : <span className="muted">{props.emptyText ?? 'No folder chosen'}</span>}
        </span>
        <button type="button" className="button-secondary" data-testid={`${props.testId}-choose`} onClick={() => void choose()}>
          Choose…
        </button>
        {props.emptyText !== undefined && props.value ? (
          <button type="button" className="button-quiet" data-testid={`${props.testId}-clear`} onClick={() => props.onChange(null)}>
            Clear
          </button>
        ) : null}
      </div>
      {props.hint ? <p className="field-hint">{props.hint}</p> : null}
      {browsing ? (
        <FolderBrowser
          start={props.value}
          runName={props.runName}
          onClose={() => setBrowsing(false)}
          onChoose={(folder) => {
            setBrowsing(false);
            props.onChange(folder);
          }}
        />
      ) : null}
    </div>
  );
}
