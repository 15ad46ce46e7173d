import type { RunSettings } from '../../shared/domain/settings.ts';
import type { TaskStatus } from '../../shared/domain/task.ts';
import { isTerminal } from '../../shared/domain/task.ts';
import type { ChatRequest } from '../providers/provider.ts';
import { BackoffTimers } from './backoff-timers.ts';
import type { Clock } from './clock.ts';
import type { Lane } from './ready-queue.ts';
import { ReadyQueue } from './ready-queue.ts';
import type { RunTask } from './task-request.ts';
import { taskMessages, taskRequest } from './task-request.ts';
import { estimateRequestTokens } from './tokens/count-tokens.ts';

/**
 * Where a task is, for the scheduler. Exactly one at a time:
 * - `idle`: not scheduled (finished, or the run is not going);
 * - `ready`: in the ready queue, to be taken by the next free slot;
 * - `backoff`: waiting out a backoff timer before it is ready again;
 * - `slot`: an attempt holds it (waiting for quota, or in flight).
 */
export type Place = 'idle' | 'ready' | 'backoff' | 'slot';

/** Why a slot was aborted; decides where its task goes when the attempt ends. Later wins over earlier. */
export type SlotStop = 'pause' | 'skip' | 'stop';
const STOP_RANK: Readonly<Record<SlotStop, number>> = { pause: 1, skip: 2, stop: 3 };

/** One attempt's hold on its task. The attempt reads it; only the board changes it. */
export interface Slot {
  readonly taskId: string;
  readonly signal: AbortSignal;
  readonly stop: SlotStop | undefined;
  /** The request has left: a pause lets it finish instead of taking the task back. */
  readonly requesting: boolean;
}

interface MutableSlot extends Slot {
  stop: SlotStop | undefined;
  requesting: boolean;
  readonly controller: AbortController;
}

export type Destination = { readonly to: 'ready'; readonly lane: Lane } | { readonly to: 'backoff'; readonly delayMs: number } | { readonly to: 'idle' };

/** The only moves there are; a status must fit the place it lands in (run events change the status first). */
const MOVES: Readonly<Record<Place, readonly Place[]>> = {
  idle: ['ready', 'idle'],
  ready: ['slot', 'idle'],
  slot: ['ready', 'backoff', 'idle'],
  backoff: ['ready', 'idle'],
};
const FITS: Readonly<Record<Place, (status: TaskStatus) => boolean>> = {
  idle: isTerminal,
  ready: (status) => status === 'queued' || status === 'retrying',
  backoff: (status) => status === 'retrying',
  slot: (status) => !isTerminal(status),
};

interface Entry {
  task: RunTask;
  tokens: number;
  place: Place;
  /** Attempts in the current round: the retry budget is per round. */
  roundAttempts: number;
  /** Articles written again in this round after failing a quality gate: a budget of its own. */
  regenerations: number;
}

export interface TaskBoardOptions {
  readonly settings: RunSettings;
  readonly tasks: readonly RunTask[];
  readonly clock: Clock;
  /** The task's status as the run's events left it. */
  readonly statusOf: (taskId: string) => TaskStatus;
  /** A backoff ended and its task is ready again. */
  readonly onReady: () => void;
  readonly onTimerError: (error: unknown) => void;
}

/**
 * Every task of a run and where it is: the ready queue, the backoff timers and the slots are
 * private here, and a task moves between them only through the moves above, each checked against
 * the status the run's events gave it. A task is therefore never queued twice, never in flight
 * twice, and never lost between two places.
 */
export class TaskBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly ready = new ReadyQueue();
  private readonly backoffs: BackoffTimers;
  private readonly slots = new Map<string, MutableSlot>();
  private readonly options: TaskBoardOptions;
  private averageTokensCache: number | undefined;

  constructor(options: TaskBoardOptions) {
    this.options = options;
    this.backoffs = new BackoffTimers(options.clock, options.onTimerError);
    for (const task of options.tasks) this.setInput(task);
  }

  // ---- inputs and budget ----

  input(taskId: string): RunTask {
    return this.entry(taskId).task;
  }

  request(taskId: string): ChatRequest {
    return taskRequest(this.options.settings, this.entry(taskId).task);
  }

  tokens(taskId: string): number {
    return this.entry(taskId).tokens;
  }

  setInput(task: RunTask): void {
    const tokens = estimateRequestTokens(taskMessages(this.options.settings, task), this.options.settings.maxTokens, this.options.settings.model);
    const entry = this.entries.get(task.id);
    if (entry) Object.assign(entry, { task, tokens });
    else this.entries.set(task.id, { task, tokens, place: 'idle', roundAttempts: 0, regenerations: 0 });
    this.averageTokensCache = undefined;
  }

  averageTokens(): number {
    if (this.averageTokensCache === undefined) {
      let sum = 0;
      for (const { tokens } of this.entries.values()) sum += tokens;
      this.averageTokensCache = Math.max(1, sum / Math.max(1, this.entries.size));
    }
    return this.averageTokensCache;
  }

  newRound(taskId: string): void {
    const entry = this.entry(taskId);
    entry.roundAttempts = 0;
    entry.regenerations = 0;
  }

  /**
   * The article failed a gate and is written again: one regeneration spent, and a fresh transport
   * budget, so gate failures and transport failures never eat into each other. Returns how many.
   */
  regenerate(taskId: string): number {
    const entry = this.entry(taskId);
    entry.roundAttempts = 0;
    return ++entry.regenerations;
  }

  regenerations(taskId: string): number {
    return this.entry(taskId).regenerations;
  }

  /** Counts an attempt against the round's budget; returns how many it has made. */
  countAttempt(taskId: string): number {
    return ++this.entry(taskId).roundAttempts;
  }

  /** An attempt that never reached a server is the run's outage, not the task's budget. */
  refundAttempt(taskId: string): void {
    const entry = this.entry(taskId);
    entry.roundAttempts = Math.max(0, entry.roundAttempts - 1);
  }

  roundAttempts(taskId: string): number {
    return this.entry(taskId).roundAttempts;
  }

  // ---- places ----

  placeOf(taskId: string): Place {
    return this.entry(taskId).place;
  }

  get slotCount(): number {
    return this.slots.size;
  }

  /** Anything still to do: a task ready, backing off or in a slot. */
  get busy(): boolean {
    return this.ready.size + this.backoffs.size + this.slots.size > 0;
  }

  /** Into the ready queue, from idle (a new round) or a backoff cut short. */
  enqueue(taskId: string, lane: Lane): void {
    const entry = this.entry(taskId);
    if (entry.place === 'backoff') this.backoffs.end(taskId);
    this.move(taskId, entry, 'ready');
    this.ready.push(taskId, lane);
  }

  /** The task take() would put in a slot next, if any. */
  peek(): string | undefined {
    return this.ready.peek();
  }

  /** The next ready task into a new slot, or undefined when none is ready. */
  take(): Slot | undefined {
    const taskId = this.ready.shift();
    if (taskId === undefined) return undefined;
    this.move(taskId, this.entry(taskId), 'slot');
    const controller = new AbortController();
    const slot: MutableSlot = { taskId, signal: controller.signal, controller, stop: undefined, requesting: false };
    this.slots.set(taskId, slot);
    return slot;
  }

  /** The attempt is about to send its request. */
  markRequesting(slot: Slot): void {
    this.own(slot).requesting = true;
  }

  /** The attempt ended: its task goes where its outcome sends it. */
  leaveSlot(slot: Slot, destination: Destination): void {
    this.own(slot);
    this.move(slot.taskId, this.entry(slot.taskId), destination.to);
    this.slots.delete(slot.taskId);
    this.place(slot.taskId, destination);
  }

  /** After a failure while routing an attempt's outcome: frees the slot whatever the status. */
  dropSlot(slot: Slot): void {
    if (this.slots.get(slot.taskId) !== slot) return;
    this.slots.delete(slot.taskId);
    this.entry(slot.taskId).place = 'idle';
  }

  /** A finished task leaves the queue or its backoff (a skip, a stop). Not for a task in a slot. */
  settle(taskId: string): void {
    const entry = this.entry(taskId);
    if (entry.place === 'slot') throw new Error(`Task ${JSON.stringify(taskId)} is in flight: abort its slot and let the attempt end it`);
    if (entry.place === 'ready') this.ready.remove(taskId);
    if (entry.place === 'backoff') this.backoffs.end(taskId);
    this.move(taskId, entry, 'idle');
  }

  /** Aborts the task's attempt, if one holds it; false otherwise. */
  abortSlot(taskId: string, stop: SlotStop, reason: unknown = stop): boolean {
    const slot = this.slots.get(taskId);
    if (!slot) return false;
    if (slot.stop === undefined || STOP_RANK[stop] > STOP_RANK[slot.stop]) slot.stop = stop;
    slot.controller.abort(reason);
    return true;
  }

  /** A pause: attempts still waiting for quota hand their tasks back; requests in flight finish. */
  abortWaiting(): void {
    for (const slot of [...this.slots.values()]) if (!slot.requesting) this.abortSlot(slot.taskId, 'pause');
  }

  private place(taskId: string, destination: Destination): void {
    switch (destination.to) {
      case 'ready':
        return this.ready.push(taskId, destination.lane);
      case 'backoff':
        return this.backoffs.wait(taskId, destination.delayMs, () => {
          const entry = this.entry(taskId);
          this.move(taskId, entry, 'ready');
          this.ready.push(taskId, 'retry');
          this.options.onReady();
        });
      case 'idle':
        return;
    }
  }

  private move(taskId: string, entry: Entry, to: Place): void {
    if (!MOVES[entry.place].includes(to)) throw new Error(`Task ${JSON.stringify(taskId)} cannot move from ${entry.place} to ${to}`);
    const status = this.options.statusOf(taskId);
    if (!FITS[to](status)) throw new Error(`Task ${JSON.stringify(taskId)} is ${status}, which does not belong in ${to}`);
    entry.place = to;
  }

  private own(slot: Slot): MutableSlot {
    const own = this.slots.get(slot.taskId);
    if (own !== slot) throw new Error(`The slot of task ${JSON.stringify(slot.taskId)} is no longer its own`);
    return own;
  }

  private entry(taskId: string): Entry {
    const entry = this.entries.get(taskId);
    if (!entry) throw new Error(`Unknown task id ${JSON.stringify(taskId)}`);
    return entry;
  }
}
