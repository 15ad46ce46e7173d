/** The simulator's public API: start one, point any OpenAI client at its `url`. */
export { startSimulator } from './start-simulator.ts';
export type { RunningSimulator } from './start-simulator.ts';
export type { SimulatorOptions } from './options.ts';
export type { SimulatorStats } from './stats.ts';
