import { startSimulator } from '../electron/providers/simulator/start-simulator.ts';

/**
 * The simulator in its own process, so that its CPU (JSON, streams, timers) neither slows the
 * contender nor shows in the engine's CPU figures. Started by simulator-child.ts;
 * options come as JSON in argv, the URL and stats go back over IPC.
 */
export type ChildOrder = { readonly type: 'stats' } | { readonly type: 'close' };

const sim = await startSimulator(JSON.parse(process.argv[2] ?? '{}'));
process.send?.({ type: 'ready', url: sim.url });
process.on('message', (message: ChildOrder) => {
  if (message.type === 'stats') {
    const stats = sim.stats();
    // A Map does not survive IPC's JSON: its entries do.
    process.send?.({ type: 'stats', stats: { ...stats, successesByPrompt: stats.successesByPrompt && [...stats.successesByPrompt] } });
  }
  if (message.type === 'close') void sim.close().then(() => process.exit(0));
});
