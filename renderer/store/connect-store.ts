import type { AppBridge } from '../bridge/connection.ts';
import { runMenuCommand } from './menu-commands.ts';
import type { PacerStore } from './pacer-store.ts';

/** Feeds the bridge's events and connection status into the store; returns the disposer. */
export function connectStore(store: PacerStore, bridge: AppBridge): () => void {
  const disposers = [
    bridge.on('service.events', ({ events }) => store.getState().applyServiceEvents(events)),
    bridge.on('runs.changed', () => void store.getState().loadRuns()),
    bridge.on('menu.command', ({ command }) => void runMenuCommand(store, command)),
    bridge.onStatus?.((status) => store.getState().setConnection(status)),
  ];
  return () => {
    for (const dispose of disposers) dispose?.();
  };
}
