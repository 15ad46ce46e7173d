import type { CallName, CallResponse, ParsedRequest } from '../../shared/ipc/contract.ts';
import type { ProviderPool } from '../providers/provider-pool.ts';
import type { RunService } from '../runs/run-service.ts';
import type { RunStore } from '../store/open-database.ts';
import { StoreError } from '../store/store-error.ts';
import type { RunDetail, StoredTask } from '../store/types.ts';
import type { Dialogs } from './dialogs.ts';
import type { EventHub } from './event-hub.ts';
import type { FolderGrants } from './folder-grants.ts';
import type { SecretStore } from './secret-store.ts';

/** One handler per call: the request already validated, the answer typed by the contract. */
export type CallHandlers = { [K in CallName]: (request: ParsedRequest<K>) => Promise<CallResponse<K>> };

/** What the call handlers share: the app's parts, opened once by PacerApp. */
export interface AppContext {
  readonly store: RunStore;
  readonly service: RunService;
  readonly secrets: SecretStore;
  /** The built-in simulator's settings, live. */
  readonly simulator: Pick<ProviderPool, 'simulatorSettings' | 'updateSimulator'>;
  readonly dialogs: Dialogs | undefined;
  readonly hub: EventHub;
  /** The folders handed out this session: the only ones the renderer can name. */
  readonly folders: FolderGrants;
  /** The user's home, where default export folders go. */
  readonly home: string;
  readonly dataDir: string;
  readonly transport: 'electron' | 'web';
  readonly version: string;
  readonly log: (line: string) => void;
  /** A key was set, cleared, pooled or unpooled: what is redacted from everything sent changes with it. */
  readonly keyChanged: () => void;
  /** The Redis each run's quota is shared through from its next start (settings.json's redisUrl). */
  readonly sharedQuota: { get(): string | undefined; set(url: string | undefined): void };
}

/** A run this process is driving right now (not finished, not merely stored). */
export function isGoing(context: AppContext, runId: string): boolean {
  return context.service.isGoing(runId);
}

/** For the controls of a going run (pause, resume, live limits): a finished or stored run has none. */
export function requireGoing(context: AppContext, runId: string, action: string): void {
  requireRunExists(context, runId);
  if (!isGoing(context, runId)) throw new StoreError('run_active', `Run "${runId}" is not going, so there is nothing to ${action}. Start it first.`);
}

/** The run with its figures and settings, for a call that uses them. */
export function requireRun(context: AppContext, runId: string): RunDetail {
  const detail = context.store.getRun(runId);
  if (!detail) throw runNotFound(runId);
  return detail;
}

/**
 * Only that the run exists: a key lookup, not the run's figures (a pass over all its tasks and
 * attempts), which a call per article of the Review tab would otherwise compute each time.
 */
export function requireRunExists(context: AppContext, runId: string): void {
  if (!context.store.hasRun(runId)) throw runNotFound(runId);
}

export function requireTask(context: AppContext, runId: string, taskId: string): StoredTask {
  const task = context.store.getTask(runId, taskId);
  if (task) return task;
  requireRunExists(context, runId); // a deleted run is named as such, not as a missing task
  throw new StoreError('not_found', `Run "${runId}" has no task "${taskId}". Open the run again to see its tasks.`);
}

function runNotFound(runId: string): StoreError {
  return new StoreError('not_found', `Run "${runId}" does not exist; it may have been deleted. Reload the run list.`);
}
