import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';
import { assertNever } from '../../../shared/assert-never.ts';
import type { RunningSimulator } from './start-simulator.ts';
import { startSimulator } from './start-simulator.ts';
import type { WorkerOrder, WorkerReport, WorkerSimulatorOptions } from './worker-protocol.ts';

/**
 * A simulator in its own thread (started by worker-host.ts), so that the server's work (JSON,
 * streams, timers) does not compete with the engine's event loop. No top-level await: the main
 * bundle builds this file as CommonJS.
 */
function requireParentPort(): MessagePort {
  if (!parentPort) throw new Error('simulator-worker.ts runs in a worker thread: start it with startSimulatorInWorker().');
  return parentPort;
}

const port = requireParentPort();
const report = (message: WorkerReport) => port.postMessage(message);

function serve(sim: RunningSimulator): void {
  report({ type: 'ready', url: sim.url, port: sim.port });
  port.on('message', (order: WorkerOrder) => {
    switch (order.type) {
      case 'update':
        try {
          sim.update(order.change);
          report({ type: 'done', id: order.id, error: null });
        } catch (error) {
          report({ type: 'done', id: order.id, error: error instanceof Error ? error.message : String(error) });
        }
        return;
      case 'close':
        void sim.close().then(() => {
          report({ type: 'done', id: order.id, error: null });
          // Nothing else holds the thread open: it ends once this last message is out.
          port.close();
        });
        return;
      default:
        assertNever(order, 'worker order');
    }
  });
}

startSimulator(workerData as WorkerSimulatorOptions).then(serve, (error: unknown) => {
  report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
});
