import { z } from 'zod';
import type { PacerError } from '../domain/errors.ts';
import type { RunEstimate } from '../domain/estimate.ts';
import type { BatchSummary } from '../domain/batch.ts';
import type { EngineEvent } from '../domain/events.ts';
import type { LimitShapes, Limits } from '../domain/rate-limit.ts';
import { MAX_RUN_NAME_LENGTH } from '../domain/run-records.ts';
import type { RunDetail, RunSummary, StoredAttempt } from '../domain/run-records.ts';
import type { ReviewItem } from '../domain/review.ts';
import type { RunActivity } from '../run-view/activity.ts';
import type { BatchStatusEvent, ExportEvent, QuotaEvent } from '../domain/service-events.ts';
import { BudgetUsdSchema, LiveControlsSchema, RunSettingsSchema } from '../domain/settings.ts';
import type { RunSettings } from '../domain/settings.ts';
import { SimulatorSettingsSchema } from '../domain/simulator-settings.ts';
import { RedisUrlSchema } from '../redis-url.ts';
import type { SimulatorSettings } from '../domain/simulator-settings.ts';
import type { TaskView } from '../run-view/task-view.ts';
import type { RunPhase } from '../run-view/run-view.ts';

/**
 * The one contract between the renderer and the main side, whatever carries it (Electron IPC in
 * the app, a WebSocket in the web host, a fake in tests). Every call takes one request object,
 * validated in main with the schema below, and answers a Result: never an Error object across the
 * boundary. Read this file to know everything the UI can ask for and hear.
 */

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PacerError };

const runId = z.string().min(1, 'runId must not be empty').max(100);
const taskId = z.string().min(1, 'taskId must not be empty').max(100);
const RunRef = z.object({ runId });
const TaskRef = z.object({ runId, taskId });
const TaskIds = z.array(taskId).min(1, 'Select at least one article').max(100_000);
const Empty = z.object({});
const ExportId = z.string().min(1).max(100);
/**
 * A folder main handed out this session (a native dialog, the web folder browser, a default):
 * the renderer never sends a path for main to write to, only one of these (FolderGrant).
 */
const FolderHandle = z.string().regex(/^folder-[0-9a-f]{32}$/, 'must be a folder chosen in Pacer (Choose…), not a typed path');
const RunName = z.string().trim().min(1, 'A run name must not be empty').max(MAX_RUN_NAME_LENGTH, `A run name must be at most ${MAX_RUN_NAME_LENGTH} characters`);

export const TaskInputSchema = z.object({
  index: z.number().int().nonnegative(),
  topic: z.string().trim().min(1, 'A topic must not be empty').max(2_000, 'A topic must be at most 2,000 characters'),
  vars: z.record(z.string(), z.string().max(20_000)),
});
const Inputs = z.array(TaskInputSchema).min(1, 'Add at least one topic').max(100_000, 'At most 100,000 topics per run');

export const EXPORT_FORMATS = ['markdown', 'csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Every call: its request schema. Responses are typed in CallResponses. */
export const CALLS = {
  'app.info': Empty,
  'settings.load': Empty,
  'settings.save': z.object({ settings: RunSettingsSchema, outDir: FolderHandle.nullable() }),
  'key.set': z.object({ apiKey: z.string().trim().min(8, 'That does not look like an API key: it is too short').max(1_000) }),
  'key.clear': Empty,
  /** The Redis every run's quota is shared through from the next run start on; null: this process alone. */
  'sharedQuota.load': Empty,
  'sharedQuota.save': z.object({ redisUrl: RedisUrlSchema.nullable() }),
  /** The pool of keys runs send with (each its own quota), kept in the secret store: labels and last four characters only come back. */
  'keyPool.list': Empty,
  'keyPool.add': z.object({
    apiKey: z
      .string()
      .trim()
      .min(8, 'That does not look like an API key: it is too short')
      .max(1_000)
      .regex(/^\S+$/, 'An API key has no spaces in it: paste one key at a time'),
    label: z
      .string()
      .trim()
      .regex(/^[\p{L}\p{N}._-]{1,40}$/u, 'A label is one word of at most 40 letters, digits, dots, dashes or underscores')
      .optional(),
    rpm: z.number().int('RPM must be a whole number').positive('RPM must be above 0').max(100_000_000).optional(),
    tpm: z.number().int('TPM must be a whole number').positive('TPM must be above 0').max(10_000_000_000).optional(),
  }),
  'keyPool.remove': z.object({ id: z.string().min(1).max(100) }),
  'run.estimate': z.object({ settings: RunSettingsSchema, inputs: Inputs }),
  'run.create': z.object({ settings: RunSettingsSchema, inputs: Inputs, outDir: FolderHandle.nullable(), name: RunName.optional() }),
  /** The run's label in lists; any run, going or not. */
  'run.rename': z.object({ runId, name: RunName }),
  /**
   * Starts a created run, or resumes an interrupted, cancelled or stopped one (only what is not
   * done is sent). `budgetUsd` replaces the run's budget from now on (null: none): a run stopped
   * at its budget goes on with a higher one.
   */
  'run.start': RunRef.extend({ budgetUsd: BudgetUsdSchema.nullable().optional() }),
  'run.retryFailed': RunRef.extend({ budgetUsd: BudgetUsdSchema.nullable().optional() }),
  'run.pause': RunRef,
  'run.resume': RunRef,
  'run.cancel': RunRef,
  'run.setControls': z.object({ runId, controls: LiveControlsSchema }),
  'run.duplicate': RunRef,
  'run.delete': RunRef,
  'runs.list': Empty,
  /** A run with every task as it stands, and the sequence number the live events continue from. */
  'run.open': RunRef,
  'task.attempts': TaskRef,
  'task.article': TaskRef,
  'task.retry': TaskRef,
  'task.skip': TaskRef,
  'task.editPrompt': z.object({ runId, taskId, prompt: z.string().trim().min(1, 'The prompt must not be empty').max(100_000) }),
  /** The articles a reviewer decides on (done or needing review), in input order. */
  'review.list': RunRef,
  /** Accepts or rejects articles (null: undecided again); refused as a whole if one has no article. */
  'review.set': z.object({ runId, taskIds: TaskIds, verdict: z.enum(['accepted', 'rejected']).nullable() }),
  /** Writes the articles again, each a new round (a run that is not going starts for them). */
  'review.regenerate': z.object({ runId, taskIds: TaskIds }),
  /** Replaces an article with the reviewer's edit; the run's gates judge the new text. */
  'task.editArticle': z.object({ runId, taskId, text: z.string().trim().min(1, 'The article must not be empty').max(2_000_000, 'An article must be at most 2,000,000 characters') }),
  'export.run': z.object({
    runId,
    folder: FolderHandle,
    formats: z.array(z.enum(EXPORT_FORMATS)).min(1),
    /** Only articles accepted in review (the review grid's export). @default false */
    acceptedOnly: z.boolean().optional(),
    /** Names the export for export.cancel. */
    exportId: ExportId.optional(),
  }),
  /** Stops an export between articles; what was written stays. Answers whether one was going. */
  'export.cancel': z.object({ exportId: ExportId }),
  /** A native folder picker where there is one (the app); the web host answers supported: false. */
  'dialog.chooseFolder': Empty,
  /**
   * The web host's folder browser (the desktop app has the native dialog and refuses it): a
   * folder's subfolders, its parent and places to start from, each granted. Without `handle` or
   * `path` it starts at folder.default's folder. A typed `path` must be absolute.
   */
  'folder.browse': z.object({ handle: FolderHandle.optional(), path: z.string().trim().min(1).max(4_096).optional(), runName: RunName.optional() }),
  /** Opens the run's output folder in the system's file manager; the web host answers supported: false. */
  'run.openFolder': RunRef,
  /** Where a run's articles go unless the user says otherwise: the run's own output folder, else Documents/Pacer/<run name> (~/Pacer/<run name> without Documents). */
  'folder.default': z.object({ runId: runId.optional(), runName: RunName.optional() }),
  /** A native open-file dialog for a topics file; the web host answers supported: false. */
  'dialog.openTopicsFile': Empty,
  /** The built-in simulator's settings in force (shared by every run on it). */
  'simulator.get': Empty,
  /** Changes the built-in simulator live, for every run on it; answers the settings now in force. */
  'simulator.set': z.object({ settings: SimulatorSettingsSchema }),
} as const satisfies Record<string, z.ZodType>;

export type CallName = keyof typeof CALLS;
/** What the renderer passes (defaults may be left out). */
export type CallRequest<K extends CallName> = z.input<(typeof CALLS)[K]>;
/** What a handler in main receives, validated and with defaults filled in. */
export type ParsedRequest<K extends CallName> = z.output<(typeof CALLS)[K]>;

export interface KeyStatus {
  readonly set: boolean;
  /** Where it is kept: encrypted by the OS keychain, in plain text (Linux without a keyring), only in memory, or from OPENAI_API_KEY. */
  readonly storage: 'encrypted' | 'plain-text' | 'memory' | 'environment' | 'none';
  readonly warning?: string;
}

export interface SharedQuotaSettings {
  /** Its password, if any, masked (REDIS_PASSWORD_MASK): send the mask back to keep the password main holds. */
  readonly redisUrl: string | null;
}

/** One key of the pool as the renderer may see it: never the key, its last four characters only. */
export interface PoolKeyView {
  readonly id: string;
  readonly label: string;
  readonly lastFour: string;
  /** Its own limits; null: the run's. */
  readonly rpm: number | null;
  readonly tpm: number | null;
}

export interface KeyPoolStatus {
  readonly keys: readonly PoolKeyView[];
  /** Where the pool is kept (as for the one key). */
  readonly storage: KeyStatus['storage'];
  readonly warning?: string;
}

export interface AppInfo {
  readonly version: string;
  readonly transport: 'electron' | 'web';
  readonly platform: string;
  readonly dataDir: string;
  readonly key: KeyStatus;
  /** Runs that were going when the app last stopped: the UI offers to resume them. */
  readonly interruptedRunIds: readonly string[];
  /** Runs going in this process right now (running, paused or stopping), latest start first: a window that opens reattaches to them. */
  readonly activeRunIds: readonly string[];
}

export interface SavedSettings {
  readonly settings: RunSettings;
  readonly outDir: FolderGrant | null;
}

/** A folder main handed out: the renderer shows `path` and sends back only `handle`. */
export interface FolderGrant {
  readonly handle: string;
  readonly path: string;
}

export interface FolderListing {
  readonly folder: FolderGrant;
  /** false: it does not exist yet, and is created on export (its nearest existing parent is usable). */
  readonly exists: boolean;
  readonly parent: FolderGrant | null;
  /** Its subfolders by name (hidden ones left out), at most MAX_LISTED_FOLDERS. */
  readonly children: readonly FolderGrant[];
  /** Why articles cannot go there (a file, /proc, no permission); null when they can. */
  readonly problem: string | null;
  /** Places to start from: home, Documents, the default for this run. */
  readonly places: readonly { readonly label: string; readonly folder: FolderGrant }[];
}

export const MAX_LISTED_FOLDERS = 1_000;

export interface RunSnapshot {
  readonly detail: RunDetail;
  readonly tasks: readonly TaskView[];
  readonly phase: RunPhase;
  readonly limits: Limits;
  /** What was learned of the server's shape, when anything was. */
  readonly shapes?: LimitShapes;
  readonly workers: number;
  /** Live events with a higher seq come after this snapshot; a gap means: open the run again. */
  readonly seq: number;
  /** Its chart up to this snapshot, from the stored attempts; live events add to the same buckets. */
  readonly activity: RunActivity;
  /** A batch run's Batch API batches, their states and counts; none for an online run. */
  readonly batches: readonly BatchSummary[];
}

export interface TaskArticle {
  readonly topic: string;
  readonly prompt: string;
  readonly text: string | null;
  readonly exportedPath: string | null;
}

export interface ExportedFile {
  readonly path: string;
  /** true: a file with exactly this content was already there, so none was written. */
  readonly unchanged: boolean;
}

export interface ExportReport {
  readonly dir: string;
  readonly markdown?: { readonly written: number; readonly alreadyExported: number; readonly failed: readonly PacerError[] };
  readonly csv?: ExportedFile;
  readonly jsonl?: ExportedFile;
}

export interface CallResponses {
  'app.info': AppInfo;
  'settings.load': SavedSettings | null;
  'settings.save': null;
  'key.set': KeyStatus;
  'key.clear': KeyStatus;
  'sharedQuota.load': SharedQuotaSettings;
  'sharedQuota.save': SharedQuotaSettings;
  'keyPool.list': KeyPoolStatus;
  'keyPool.add': KeyPoolStatus;
  'keyPool.remove': KeyPoolStatus;
  'run.estimate': RunEstimate;
  'run.create': { readonly runId: string };
  'run.rename': null;
  'run.start': null;
  'run.retryFailed': null;
  'run.pause': null;
  'run.resume': null;
  'run.cancel': null;
  'run.setControls': null;
  'run.duplicate': { readonly runId: string };
  'run.delete': null;
  'runs.list': readonly RunSummary[];
  'run.open': RunSnapshot;
  'task.attempts': readonly StoredAttempt[];
  'task.article': TaskArticle;
  'task.retry': null;
  'task.skip': null;
  'task.editPrompt': null;
  'review.list': readonly ReviewItem[];
  'review.set': { readonly changed: number };
  'review.regenerate': null;
  'task.editArticle': null;
  'export.run': ExportReport;
  'export.cancel': { readonly cancelled: boolean };
  'dialog.chooseFolder': { readonly supported: boolean; readonly folder: FolderGrant | null };
  'folder.browse': FolderListing;
  'folder.default': FolderGrant;
  'run.openFolder': { readonly supported: boolean };
  'dialog.openTopicsFile': { readonly supported: boolean; readonly file: { readonly name: string; readonly text: string } | null };
  'simulator.get': SimulatorSettings;
  'simulator.set': SimulatorSettings;
}
export type CallResponse<K extends CallName> = CallResponses[K];

/**
 * Engine events as they cross to the renderer: a reply's text stays in main (the UI
 * fetches it with task.article when it shows it), so 10,000 articles do not flood the channel.
 */
type ReplyEventType = 'task.done' | 'task.needs_review' | 'attempt.rejected';
type WithoutText<E> = E extends unknown ? Omit<E, 'text'> : never;
export type WireEngineEvent = Exclude<EngineEvent, { type: ReplyEventType }> | WithoutText<Extract<EngineEvent, { type: ReplyEventType }>>;
export type WireEvent = WireEngineEvent | ExportEvent | QuotaEvent | BatchStatusEvent;

/** The app menu's own commands (the desktop app only); the renderer carries them out. */
export const MENU_COMMANDS = ['run.new', 'topics.open', 'export', 'run.togglePause', 'run.start', 'help.shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Every event main sends. service.events are batched (about every 100 ms). */
export interface EventPayloads {
  'service.events': { readonly events: readonly WireEvent[] };
  /** The run list changed (created, finished, deleted): the history view reloads it. */
  'runs.changed': null;
  'menu.command': { readonly command: MenuCommand };
}
export type EventName = keyof EventPayloads;

/** The runtime allowlists the preload and the web host check every message against. */
export const CALL_NAMES = Object.keys(CALLS) as readonly CallName[];
export const EVENT_NAMES = ['service.events', 'runs.changed', 'menu.command'] as const satisfies readonly EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(CALLS, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** What `window.pacer` is: implemented by the preload, the WebSocket client and the test fakes. */
export interface PacerBridge {
  call<K extends CallName>(name: K, request: CallRequest<K>): Promise<Result<CallResponse<K>>>;
  /** Subscribes; returns the disposer. */
  on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void;
}


