import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import '../styles/modal.css';

/**
 * A modal dialog: labelled by its title, closed by Escape or the backdrop, focus moved inside on
 * open and given back on close.
 */
export function Modal({ title, onClose, testId, children }: { readonly title: string; readonly onClose: () => void; readonly testId: string; readonly children: ReactNode }) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.querySelector<HTMLElement>('.modal-body input, .modal-body select, .modal-body textarea, .modal-body button')?.focus();
    return () => previous?.focus();
  }, []);

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={panel}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
      >
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="button-quiet" aria-label="Close" data-testid={`${testId}-close`} onClick={onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}
