import { startSimulator } from '../electron/providers/simulator/start-simulator.ts';

/**
 * The simulator in its own process, so the overhead benchmark's CPU figures are the engine's
 * alone. Started with fork(); options come as JSON in argv, the URL and stats go back over IPC.
 */
const sim = await startSimulator(JSON.parse(process.argv[2] ?? '{}'));
process.send?.({ type: 'ready', url: sim.url });
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    const stats = sim.stats();
    process.send?.({ type: 'stats', requests: stats.requests, succeeded: stats.succeeded });
  }
  if (message.type === 'close') void sim.close().then(() => process.exit(0));
});
