import { useEffect, useState } from 'react';
import type { CallRequest, FolderGrant, FolderListing } from '../../shared/ipc/contract.ts';
import { usePacer } from '../store/store-context.tsx';
import { Modal } from './modal.tsx';
import { PathText } from './path-text.tsx';

/**
 * The web host's folder chooser: main lists the folders (the page cannot see the disk) and hands
 * out each one it shows. Type an absolute path and press Enter, or walk from a place; a folder that
 * does not exist yet is created on export.
 */
export function FolderBrowser(props: {
  readonly start: FolderGrant | null;
  readonly runName?: string;
  readonly onChoose: (folder: FolderGrant) => void;
  readonly onClose: () => void;
}) {
  const call = usePacer((s) => s.call);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const browse = async (request: CallRequest<'folder.browse'>) => {
    setLoading(true);
    const result = await call('folder.browse', { ...request, ...(props.runName ? { runName: props.runName } : {}) }, { quiet: true });
    setLoading(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setListing(result.value);
    setTyped(result.value.folder.path);
  };

  useEffect(() => {
    void browse(props.start ? { handle: props.start.handle } : {});
    // Once, on open: later moves go through browse().
  }, []);

  return (
    <Modal title="Choose a folder" testId="folder-browser" onClose={props.onClose} wide>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          // React bubbles a portal's events to its owners: this is not the export form's submit.
          event.stopPropagation();
          if (typed.trim() !== '') void browse({ path: typed.trim() });
        }}
      >
        <input aria-label="Folder path" data-testid="folder-browser-path" value={typed} spellCheck={false} onChange={(event) => setTyped(event.target.value)} />
        <button type="submit" className="button-secondary" data-testid="folder-browser-go">
          Go
        </button>
      </form>
      {error ? (
        <p className="message-error" role="alert" data-testid="folder-browser-error">
          {error}
        </p>
      ) : null}
      {listing ? (
        <div className="folder-browser" data-testid="folder-browser-listing" data-path={listing.folder.path} aria-busy={loading}>
          <div className="folder-browser-places">
            {listing.places.map((place) => (
              <button key={place.label} type="button" className="button-quiet button-small" data-testid="folder-browser-place" onClick={() => void browse({ handle: place.folder.handle })}>
                {place.label}
              </button>
            ))}
          </div>
          <p className="folder-browser-current">
            <PathText path={listing.folder.path} testId="folder-browser-current" />
            {listing.exists ? null : <span className="muted"> · does not exist yet: it is created on export</span>}
          </p>
          <ul className="folder-browser-entries" aria-label="Folders">
            {listing.parent ? (
              <li>
                <button type="button" className="button-quiet" data-testid="folder-browser-up" onClick={() => void browse({ handle: listing.parent!.handle })}>
                  ↑ Up to {listing.parent.path}
                </button>
              </li>
            ) : null}
            {listing.children.map((child) => (
              <li key={child.handle}>
                <button type="button" className="button-quiet" data-testid="folder-browser-entry" onClick={() => void browse({ handle: child.handle })}>
                  {child.path.split(/[\\/]/).at(-1)}
                </button>
              </li>
            ))}
          </ul>
          {listing.problem ? (
            <p className="message-error" role="alert" data-testid="folder-browser-problem">
              {listing.problem}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-primary" data-testid="folder-browser-use" disabled={!listing || listing.problem !== null || loading} onClick={() => listing && props.onChoose(listing.folder)}>
          Use this folder
        </button>
        <button type="button" className="button-quiet" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
