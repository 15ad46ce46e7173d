import { useSyncExternalStore } from 'react';

/**
 * The current time, ticking once a second, for countdowns ("retry in 3 s"). One interval serves
 * every subscriber and runs only while some component needs it.
 */
const TICK_MS = 1_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const idle = () => () => {};

/** `active: false` neither subscribes nor ticks: rows that show no countdown stay still. */
export function useNow(active = true): number {
  return useSyncExternalStore(active ? subscribe : idle, () => now);
}
