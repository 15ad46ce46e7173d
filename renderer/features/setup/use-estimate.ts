import { useEffect, useState } from 'react';
import type { RunEstimate } from '../../../shared/domain/estimate.ts';
import type { RunSettings } from '../../../shared/domain/settings.ts';
import type { TaskInput } from '../../../shared/domain/task.ts';
import { usePacer } from '../../store/store-context.tsx';

export type EstimateState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly estimate: RunEstimate }
  | { readonly kind: 'error'; readonly message: string };

/** Typing in the template should not send 10,000 inputs to main on every key. */
const ESTIMATE_DEBOUNCE_MS = 400;

/** `run.estimate` for what the run would send, debounced; null inputs (nothing runnable yet) mean idle. */
export function useEstimate(settings: RunSettings | null, inputs: readonly TaskInput[] | null): EstimateState {
  const call = usePacer((s) => s.call);
  const [state, setState] = useState<EstimateState>({ kind: 'idle' });

  useEffect(() => {
    if (!settings || !inputs || inputs.length === 0) {
      setState({ kind: 'idle' });
      return;
    }
    let current = true;
    setState({ kind: 'loading' });
    const timer = setTimeout(() => {
      void call('run.estimate', { settings, inputs: [...inputs] }, { quiet: true }).then((result) => {
        if (!current) return;
        setState(result.ok ? { kind: 'ready', estimate: result.value } : { kind: 'error', message: result.error.message });
      });
    }, ESTIMATE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, settings, inputs]);

  return state;
}
