import type { SimulatorSettings } from '../../shared/domain/simulator-settings.ts';
import type { ResolvedOptions } from '../providers/simulator/options.ts';
import type { AppContext, CallHandlers } from './app-context.ts';

type SimulatorCalls = Pick<CallHandlers, 'simulator.get' | 'simulator.set'>;

/** The most tokens per second the settings can say; the simulator's own "instant" (Infinity) shows as this. */
const FASTEST_TOKENS_PER_SECOND = 1_000_000;

/**
 * The Setup panel's view of the built-in simulator (ProviderPool owns it): read its settings,
 * change them live. A change applies to every run on the simulator, as a real server's limits do.
 */
export function simulatorCalls(context: AppContext): SimulatorCalls {
  return {
    'simulator.get': async () => settingsOf(context.simulator.simulatorSettings()),
    'simulator.set': async ({ settings }) => settingsOf(await context.simulator.updateSimulator(settings)),
  };
}

function settingsOf(options: ResolvedOptions): SimulatorSettings {
  const { serverErrorRate, overloadRate, hangRate, dropRate, noHeadersOn429Rate } = options.faults;
  return {
    rpm: options.rpm,
    tpm: options.tpm,
    shape: options.shape,
    chargeRejected: options.chargeRejected,
    // The kinds the Setup panel sets; cut streams (truncate, reset, stall) are for tests and the CLI simulator.
    faults: { serverErrorRate, overloadRate, hangRate, dropRate, noHeadersOn429Rate },
    latency: { ...options.latency, tokensPerSecond: Math.min(options.latency.tokensPerSecond, FASTEST_TOKENS_PER_SECOND) },
  };
}
