import { useEffect, useState } from 'react';
import type { RunEstimate } from '../../../shared/domain/estimate.ts';
import type { RunSettings } from '../../../shared/domain/settings.ts';
import type { TaskInput } from '../../../shared/domain/task.ts';
import { usePacer } from '../../store/store-context.tsx';
import { estimateSample, scaleEstimate } from './estimate-sample.ts';

export type EstimateState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  /** `sampled`: the figures were scaled up from that many of the topics (estimate-sample.ts). */
  | { readonly kind: 'ready'; readonly estimate: RunEstimate; readonly sampled?: number }
  | { readonly kind: 'error'; readonly message: string };

/** Typing in the template should not send 10,000 inputs to main on every key. */
const ESTIMATE_DEBOUNCE_MS = 400;

/** `run.estimate` for what the run would send (a sample of a big list), debounced; null inputs (nothing runnable yet) mean idle. */
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
      const sample = estimateSample(inputs);
      const sampled = sample.length < inputs.length ? { sampled: sample.length } : {};
      void call('run.estimate', { settings, inputs: sample }, { quiet: true }).then((result) => {
        if (!current) return;
        if (!result.ok) return setState({ kind: 'error', message: result.error.message });
        setState({ kind: 'ready', estimate: sample.length < inputs.length ? scaleEstimate(result.value, inputs.length) : result.value, ...sampled });
      });
    }, ESTIMATE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, settings, inputs]);

  return state;
}
