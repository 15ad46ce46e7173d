import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimulatorOptions } from '../electron/providers/simulator/options.ts';
import type { SimulatorStats } from '../electron/providers/simulator/stats.ts';
import type { ChildOrder } from './simulator-process.ts';

/** A simulator in another process (simulator-process.ts), for the benchmark. */
export interface SimulatorChild {
  readonly url: string;
  stats(): Promise<SimulatorStats>;
  close(): Promise<void>;
}

type ChildReport = { type: 'ready'; url: string } | { type: 'stats'; stats: Omit<SimulatorStats, 'successesByPrompt'> & { successesByPrompt: [string, number][] | null } };

export async function startSimulatorChild(options: SimulatorOptions): Promise<SimulatorChild> {
  const child = fork(fileURLToPath(new URL('./simulator-process.ts', import.meta.url)), [JSON.stringify(options)]);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = <T extends ChildReport['type']>(type: T) =>
    Promise.race([
      new Promise<Extract<ChildReport, { type: T }>>((resolve) => {
        const onMessage = (message: ChildReport) => {
          if (message.type !== type) return;
          child.off('message', onMessage);
          resolve(message as Extract<ChildReport, { type: T }>);
        };
        child.on('message', onMessage);
      }),
      exited.then((code) => Promise.reject(new Error(`The simulator process exited (${code}) before sending '${type}'`))),
    ]);
  const order = (child: ChildProcess, message: ChildOrder) => child.send(message);
  const { url } = await next('ready');
  return {
    url,
    async stats() {
      const reply = next('stats');
      order(child, { type: 'stats' });
      const { stats } = await reply;
      return { ...stats, successesByPrompt: stats.successesByPrompt && new Map(stats.successesByPrompt) };
    },
    async close() {
      if (child.exitCode === null) order(child, { type: 'close' });
      await exited;
    },
  };
}
