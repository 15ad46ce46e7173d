import { homedir } from 'node:os';
import path from 'node:path';
import type { PacerError } from '../../shared/domain/errors.ts';
import { CALLS, isCallName } from '../../shared/ipc/contract.ts';
import type { Result } from '../../shared/ipc/contract.ts';
import { ProviderPool } from '../providers/provider-pool.ts';
import type { WorkerSimulatorOptions } from '../providers/simulator/worker-protocol.ts';
import { RunService } from '../runs/run-service.ts';
import type { RunServiceOptions } from '../runs/run-service.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import type { SecretRedactor } from '../secrets/secret-redactor.ts';
import { openRunStore } from '../store/open-database.ts';
import type { RunStore } from '../store/open-database.ts';
import type { AppContext, CallHandlers } from './app-context.ts';
import { appCalls } from './app-calls.ts';
import type { Dialogs } from './dialogs.ts';
import { EventHub } from './event-hub.ts';
import type { AppEventListener } from './event-hub.ts';
import { exportCalls } from './export-calls.ts';
import { folderCalls } from './folder-calls.ts';
import { loadSettings } from './settings-file.ts';
import { FolderGrants } from './folder-grants.ts';
import { describeIssues, requestErrorMap } from './request-issues.ts';
import { runCalls } from './run-calls.ts';
import { reviewCalls } from './review-calls.ts';
import { simulatorCalls } from './simulator-calls.ts';
import type { SecretStore } from './secret-store.ts';
import { taskCalls } from './task-calls.ts';
import { toPacerError } from './to-pacer-error.ts';

export interface PacerAppOptions {
  /** Where the run store (and settings.json) live; created if missing. */
  readonly dataDir: string;
  readonly secrets: SecretStore;
  readonly transport: 'electron' | 'web';
  readonly version: string;
  /** Native dialogs; without them the dialog calls answer `supported: false`. */
  readonly dialogs?: Dialogs;
  /** The built-in simulator's options (tests shrink its latency). */
  readonly simulator?: WorkerSimulatorOptions;
  readonly engine?: RunServiceOptions['engine'];
  /** Where default export folders go (Documents/Pacer/<run name>). @default os.homedir() */
  readonly home?: string;
  /** Where warnings go: a settings file kept aside, a run failing after it started. @default console.warn */
  readonly log?: (line: string) => void;
  /** The keys to remove from everything stored and sent; the secret store's key is added to it. @default knownSecrets */
  readonly redactor?: SecretRedactor;
}

export type { AppEventListener } from './event-hub.ts';

/**
 * Pacer's backend, whatever carries the contract: the Electron shell (IPC), the web host (a
 * WebSocket) and the tests all call `dispatch` and `subscribe` and nothing else. Every call is
 * guarded here, once: refused while closing, checked against the call map, its request parsed with
 * the contract's schema, its failure turned into `{code, message}`, and anything it sends out
 * stripped of the API keys (secret-redactor.ts), as is everything its store writes.
 */
export class PacerApp {
  readonly dataDir: string;
  private readonly store: RunStore;
  private readonly service: RunService;
  private readonly hub: EventHub;
  private readonly handlers: CallHandlers;
  private readonly secrets: SecretStore;
  /** Every key seen in this process: none of them may leave (secret-redactor.ts). */
  private readonly redactor: SecretRedactor;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly offService: () => void;
  private readonly log: (line: string) => void;
  private closing: Promise<void> | undefined;

  /** Opens the store in `dataDir`. Throws StoreError ('locked', 'corrupt', 'newer_version', 'io'…) for the shell to show. */
  static async open(options: PacerAppOptions): Promise<PacerApp> {
    const dataDir = path.resolve(options.dataDir);
    const redactor = options.redactor ?? knownSecrets;
    redactor.remember(options.secrets.get()); // before the store opens: it redacts what it writes
    for (const { key } of options.secrets.keyPool.entries()) redactor.remember(key);
    const store = openRunStore(dataDir, { redactor });
    const { saved, warning } = await loadSettings(dataDir);
    if (warning) (options.log ?? console.warn)(warning);
    return new PacerApp(options, dataDir, store, saved?.redisUrl ?? undefined);
  }

  private constructor(options: PacerAppOptions, dataDir: string, store: RunStore, redisUrl: string | undefined) {
    this.dataDir = dataDir;
    this.store = store;
    this.secrets = options.secrets;
    this.redactor = options.redactor ?? knownSecrets;
    this.noteKey();
    const log = options.log ?? ((line: string) => console.warn(line));
    this.log = (line) => log(this.outgoing(line));
    // The getter runs whenever a run loads its provider, so a key set later applies to the next start.
    const providers = new ProviderPool({ simulator: options.simulator, apiKey: () => this.secrets.get(), redactor: this.redactor });
    let sharedQuotaUrl = redisUrl;
    this.service = new RunService({ store, providers, engine: options.engine, redisUrl: () => sharedQuotaUrl, keys: () => this.secrets.keyPool.entries() });
    this.hub = new EventHub({ outgoing: (payload) => this.outgoing(payload), log: this.log });
    this.offService = this.service.on((event) => this.hub.add(event));
    const context: AppContext = {
      store,
      service: this.service,
      secrets: this.secrets,
      simulator: providers,
      dialogs: options.dialogs,
      hub: this.hub,
      folders: new FolderGrants(),
      home: options.home ?? homedir(),
      dataDir,
      transport: options.transport,
      version: options.version,
      log: this.log,
      keyChanged: () => this.noteKey(),
      sharedQuota: {
        get: () => sharedQuotaUrl,
        set: (url) => (sharedQuotaUrl = url),
      },
    };
    this.handlers = { ...appCalls(context), ...folderCalls(context), ...runCalls(context), ...taskCalls(context), ...exportCalls(context), ...reviewCalls(context), ...simulatorCalls(context) };
  }

  /** The one entry for every call from every transport. Never throws; every failure is a Result. */
  async dispatch(name: string, raw: unknown): Promise<Result<unknown>> {
    if (this.closing) return failure('closing', 'Pacer is closing, so this was not done. Start Pacer again to continue.');
    if (!isCallName(name)) {
      return failure('unknown_call', `There is no call named ${JSON.stringify(String(name).slice(0, 100))}: the window and the app may be from different versions of Pacer. Restart Pacer.`);
    }
    const parsed = CALLS[name].safeParse(raw, { error: requestErrorMap });
    if (!parsed.success) return failure('invalid_request', `Invalid ${name} request: ${describeIssues(parsed.error.issues)}`);
    const handler = this.handlers[name] as (request: unknown) => Promise<unknown>;
    const call = (async () => handler(parsed.data))();
    this.inFlight.add(call);
    try {
      return { ok: true, value: this.outgoing(await call) };
    } catch (error) {
      return { ok: false, error: this.outgoing(toPacerError(error)) };
    } finally {
      this.inFlight.delete(call);
    }
  }

  /** Batched `service.events` and `runs.changed`; returns the disposer. */
  subscribe(listener: AppEventListener): () => void {
    return this.hub.subscribe(listener);
  }

  /**
   * Graceful shutdown (style.md rule 9): new calls are refused, calls under way finish, going runs
   * are cancelled with a reason the store keeps (they can be resumed: run.start), their last events
   * are delivered, then the store is closed. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    try {
      await this.service.close('Pacer was closed.');
    } finally {
      this.offService();
      this.hub.close();
      this.store.close();
    }
  }

  private noteKey(): void {
    this.redactor.remember(this.secrets.get());
    for (const { key } of this.secrets.keyPool.entries()) this.redactor.remember(key);
  }

  private outgoing<T>(value: T): T {
    return this.redactor.redact(value);
  }
}

function failure(code: string, message: string): { ok: false; error: PacerError } {
  return { ok: false, error: { code, message } };
}
