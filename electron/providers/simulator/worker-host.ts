import { Worker } from 'node:worker_threads';
import { assertNever } from '../../../shared/assert-never.ts';
import type { WorkerOrder, WorkerReport, WorkerSimulatorOptions } from './worker-protocol.ts';

/** A simulator running in a worker thread, driven from the thread that started it. */
export interface SimulatorInWorker {
  /** Base URL including /v1. */
  readonly url: string;
  readonly port: number;
  /** The worker's thread id: never the caller's. */
  readonly threadId: number;
  /** As RunningSimulator.update; rejects with the simulator's own message on a bad change. */
  update(change: Partial<WorkerSimulatorOptions>): Promise<void>;
  /** Closes the server (hung requests included) and waits for the thread to end. */
  close(): Promise<void>;
}

/**
 * From source (the CLI, the web host, tests) the worker is simulator-worker.ts beside this file;
 * in the built main bundle everything is one file, index.cjs, so import.meta.url is that file's and
 * the worker is the simulator-worker.cjs that electron/build/vite.main.config.ts writes beside it.
 */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./simulator-worker.ts', import.meta.url) : new URL('./simulator-worker.cjs', import.meta.url);
}

export function startSimulatorInWorker(options: WorkerSimulatorOptions, onExit: (code: number) => void = () => undefined): Promise<SimulatorInWorker> {
  const worker = new Worker(workerEntry(), { workerData: options });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited: Error | null = null;
  const ended = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = new Error(`The simulator's worker thread ended (exit code ${code}).`);
      for (const call of pending.values()) call.reject(exited);
      pending.clear();
      onExit(code);
      resolve();
    }),
  );
  const order = (message: WorkerOrder) =>
    new Promise<void>((resolve, reject) => {
      if (exited) return reject(exited);
      pending.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });

  return new Promise((resolve, reject) => {
    // A crash after 'ready' also ends the thread: 'exit' then fails what is pending.
    worker.on('error', reject);
    worker.once('exit', () => reject(exited));
    worker.on('message', (message: WorkerReport) => {
      switch (message.type) {
        case 'ready':
          resolve({
            url: message.url,
            port: message.port,
            threadId: worker.threadId,
            update: (change) => order({ type: 'update', id: nextId++, change }),
            close: async () => {
              if (!exited) await order({ type: 'close', id: nextId++ });
              await ended;
            },
          });
          return;
        case 'failed':
          reject(new Error(message.message));
          return;
        case 'done': {
          const call = pending.get(message.id);
          pending.delete(message.id);
          if (message.error === null) call?.resolve();
          else call?.reject(new RangeError(message.error));
          return;
        }
        default:
          assertNever(message, 'worker report');
      }
    });
  });
}
