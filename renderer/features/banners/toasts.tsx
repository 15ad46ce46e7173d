import { useEffect } from 'react';
import type { Toast } from '../../store/ui-slice.ts';
import { usePacer } from '../../store/store-context.tsx';

/** Long enough to read a two-line error; the × is there for sooner. */
const TOAST_MS = 10_000;

/** Failed calls, one toast each, dismissible. */
export function Toasts() {
  const toasts = usePacer((s) => s.toasts);
  return (
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </section>
  );
}

function ToastItem({ toast }: { readonly toast: Toast }) {
  const dismissToast = usePacer((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismissToast(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [dismissToast, toast.id]);
  return (
    <div className="toast" role="alert" data-testid="toast" data-code={toast.code}>
      <p>{toast.message}</p>
      <button type="button" className="button-quiet" aria-label="Dismiss" data-testid="toast-dismiss" onClick={() => dismissToast(toast.id)}>
        ×
      </button>
    </div>
  );
}
