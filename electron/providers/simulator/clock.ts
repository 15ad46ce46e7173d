/**
 * The simulator's own notion of time. Only the rate-limit model reads it (latency uses real
 * timers), so a test can hold a window or a bucket still while real HTTP requests go through.
 * Deliberately not the engine's Clock: the simulator shares nothing with the client it tests.
 */
export interface SimulatorClock {
  /** Milliseconds on any fixed origin; fixed windows are aligned on multiples of their length. */
  now(): number;
}

export const wallClock: SimulatorClock = { now: () => Date.now() };
