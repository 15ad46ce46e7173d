import { useEffect, useState } from 'react';
import type { CallName, CallRequest, CallResponse } from '../../shared/ipc/contract.ts';
import { usePacer } from '../store/store-context.tsx';

export type CallState<T> =
  | { readonly kind: 'idle' | 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'error'; readonly message: string };

/**
 * A read-only call whose answer a component shows (a task's attempts, its article), fetched again
 * whenever `key` changes. Refetches are debounced so a burst of events for the task costs one
 * call, and the previous answer for the same request stays on screen meanwhile. Errors are shown
 * inline, not toasted.
 */
export function useCallResult<K extends CallName>(name: K, request: CallRequest<K> | null, key: string, debounceMs = 200): CallState<CallResponse<K>> {
  const call = usePacer((s) => s.call);
  // The request is rebuilt every render; its JSON says whether it really changed.
  const requestKey = request === null ? null : JSON.stringify(request);
  const [answer, setAnswer] = useState<{ readonly requestKey: string; readonly state: CallState<CallResponse<K>> } | null>(null);

  useEffect(() => {
    if (requestKey === null) return;
    let current = true;
    const timer = setTimeout(() => {
      void call(name, JSON.parse(requestKey) as CallRequest<K>, { quiet: true }).then((result) => {
        if (!current) return;
        setAnswer({ requestKey, state: result.ok ? { kind: 'ready', value: result.value } : { kind: 'error', message: result.error.message } });
      });
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, name, requestKey, key, debounceMs]);

  if (requestKey === null) return { kind: 'idle' };
  // An answer for another request (the previous task) must not show for this one.
  return answer?.requestKey === requestKey ? answer.state : { kind: 'loading' };
}
