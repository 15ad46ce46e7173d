import { useRef } from 'react';
import { usePacer } from '../../store/store-context.tsx';
import { useLoadTopicsFile } from './use-load-topics-file.ts';

const ACCEPT = '.csv,.tsv,.tab,.txt,.text,.md,text/csv,text/tab-separated-values,text/plain';

/**
 * "Open file…": the native dialog in the app (main reads the file), a browser file picker on the
 * web host, which has no native dialog.
 */
export function OpenTopicsFileButton() {
  const input = useRef<HTMLInputElement>(null);
  const load = useLoadTopicsFile();
  const electron = usePacer((s) => s.appInfo?.transport === 'electron');
  const openTopicsDialog = usePacer((s) => s.openTopicsDialog);

  const open = async () => {
    if (electron && (await openTopicsDialog()) !== 'unsupported') return;
    input.current?.click();
  };

  return (
    <>
      <button type="button" className="button-secondary" data-testid="topics-open-file" onClick={() => void open()}>
        Open file…
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="topics-file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that picking the same file again still fires a change.
          event.target.value = '';
          if (file) void load(file);
        }}
      />
    </>
  );
}
