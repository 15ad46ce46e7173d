import type { SimulatorOptions } from './options.ts';
import { resolveOptions } from './options.ts';

/**
 * PACER_SIMULATOR: the built-in simulator's options as JSON, e.g. {"rpm":30}, for demos and tests
 * of the web host and the app. Checked with the simulator's own validation when read, so a typo
 * fails at start rather than at the first run. Unset: the defaults.
 */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  const value = env.PACER_SIMULATOR;
  if (value === undefined || value.trim() === '') return {};
  let options: unknown;
  try {
    options = JSON.parse(value);
  } catch {
    throw new Error(`PACER_SIMULATOR must be JSON, e.g. {"rpm":30}, got ${JSON.stringify(value.slice(0, 200))}.`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new Error('PACER_SIMULATOR must be a JSON object of simulator options.');
  resolveOptions(options as SimulatorOptions);
  return options as SimulatorOptions;
}
