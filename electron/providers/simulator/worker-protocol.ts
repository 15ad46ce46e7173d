import type { SimulatorOptions } from './options.ts';

/**
 * The messages between a simulator in a worker thread and the thread that started it
 * (worker-host.ts ↔ simulator-worker.ts). Options cross by structured clone, so the one option
 * that is a function, the clock, cannot: a worker simulator runs on the wall clock.
 */
export type WorkerSimulatorOptions = Omit<SimulatorOptions, 'clock'>;

export type WorkerOrder =
  | { readonly type: 'update'; readonly id: number; readonly change: Partial<WorkerSimulatorOptions> }
  | { readonly type: 'close'; readonly id: number };

export type WorkerReport =
  | { readonly type: 'ready'; readonly url: string; readonly port: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'done'; readonly id: number; readonly error: string | null };
