/** The simulator's public API: start one, point any OpenAI client at its `url`. */
export { startSimulator } from './start-simulator.ts';
export type { RunningSimulator } from './start-simulator.ts';
export { startSimulatorInWorker } from './worker-host.ts';
export type { SimulatorInWorker } from './worker-host.ts';
export type { SimulatorOptions } from './options.ts';
export type { BatchOptions } from './batch-options.ts';
export type { LimitShape, LimitShapes } from './limit-shape.ts';
export type { SimulatorClock } from './clock.ts';
export type { SimulatorStats } from './stats.ts';
export { successesByPrompt } from './stats.ts';
