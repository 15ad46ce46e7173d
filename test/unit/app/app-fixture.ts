import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PacerError } from '../../../shared/domain/errors.ts';
import type { CallName, CallRequest, CallResponse, EventName, EventPayloads, Result, WireEvent } from '../../../shared/ipc/contract.ts';
import { MemorySecretStore } from '../../../electron/app/memory-secret-store.ts';
import { PacerApp } from '../../../electron/app/pacer-app.ts';
import type { PacerAppOptions } from '../../../electron/app/pacer-app.ts';
import type { SimulatorOptions } from '../../../electron/providers/simulator/options.ts';
import { Waiters } from '../../support/waiters.ts';

/** Replies in milliseconds, no limits: a test run of a few tasks takes well under a second. */
export const FAST_SIMULATOR: SimulatorOptions = { latency: { firstTokenMs: 5, jitterMs: 5, tokensPerSecond: 100_000 }, rpm: null, tpm: null };

export const SETTINGS = { promptTemplate: 'Write about {{topic}}', maxTokens: 30, rpm: 100_000, tpm: 100_000_000, workers: 4 } as const;

export const inputs = (...topics: string[]) => topics.map((topic, index) => ({ index, topic, vars: { topic } }));

export interface Delivery {
  readonly name: EventName;
  readonly payload: EventPayloads[EventName];
}

/** A PacerApp on its own temp data folder, with every delivery and log line recorded. */
export class AppHarness {
  readonly dir: string;
  readonly dataDir: string;
  readonly deliveries: Delivery[] = [];
  readonly logs: string[] = [];
  app!: PacerApp;
  private readonly waiters = new Waiters();

  constructor(dir: string) {
    this.dir = dir;
    this.dataDir = join(dir, 'data');
  }

  static async open(options: Partial<PacerAppOptions> = {}, dir = mkdtempSync(join(tmpdir(), 'pacer-app-'))): Promise<AppHarness> {
    const harness = new AppHarness(dir);
    harness.app = await PacerApp.open({
      dataDir: harness.dataDir,
      secrets: new MemorySecretStore({}),
      transport: 'web',
      version: '0.0.0-test',
      simulator: FAST_SIMULATOR,
      home: join(dir, 'home'),
      log: (line) => harness.logs.push(line),
      ...options,
    });
    harness.app.subscribe((name, payload) => {
      harness.deliveries.push({ name, payload });
      harness.waiters.notify();
    });
    return harness;
  }

  /** A folder handle for `path`, as the web host's folder browser hands it out. */
  async folder(path: string): Promise<string> {
    return (await this.call('folder.browse', { path })).folder.handle;
  }

  /** Calls through dispatch and returns the whole Result. */
  dispatch<K extends CallName>(name: K, request: CallRequest<K>): Promise<Result<CallResponse<K>>> {
    return this.app.dispatch(name, request) as Promise<Result<CallResponse<K>>>;
  }

  /** Calls through dispatch; a failed Result fails the test with its code and message. */
  async call<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>> {
    const result = await this.dispatch(name, request);
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  async error<K extends CallName>(name: K, request: unknown): Promise<PacerError> {
    const result = await this.app.dispatch(name, request);
    if (result.ok) throw new Error(`${name} was expected to fail, but answered ${JSON.stringify(result.value)}`);
    return result.error;
  }

  /** Every engine and export event delivered so far, in order. */
  events(): WireEvent[] {
    return this.deliveries.flatMap((d) => (d.name === 'service.events' ? (d.payload as EventPayloads['service.events']).events : []));
  }

  /** Resolves with the first delivered event that matches, waiting for deliveries (no sleeps). */
  waitForEvent(match: (event: WireEvent) => boolean, what = 'event'): Promise<WireEvent> {
    return this.waitFor(() => this.events().find(match), what);
  }

  /** The `nth` run.finished of a run (a re-run finishes again). */
  runFinished(runId: string, nth = 1): Promise<Extract<WireEvent, { type: 'run.finished' }>> {
    const finished = () => this.events().filter((e): e is Extract<WireEvent, { type: 'run.finished' }> => e.type === 'run.finished' && e.runId === runId);
    return this.waitFor(() => finished()[nth - 1], `run.finished #${nth} of ${runId}`);
  }

  /** Re-checks `probe` whenever something arrives until it yields something. */
  waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
    return this.waiters.waitFor(probe, what);
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
