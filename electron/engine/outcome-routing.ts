import type { PacerError } from '../../shared/domain/errors.ts';
import { runError } from './run-error.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import type { AttemptOutcome } from './attempt.ts';
import type { Clock } from './clock.ts';
import { planAfterFailure } from './failure-plan.ts';
import type { LatencyTracker } from './latency-tracker.ts';
import type { KeyLanes } from './keys/key-lanes.ts';
import type { Random } from './random.ts';
import { unreachableReason } from './retry/unreachable.ts';
import type { RunEvents } from './run-events.ts';
import { serverAddress } from './server-address.ts';
import type { QualityCheck } from './quality-check.ts';
import type { ServerOutage } from './server-outage.ts';
import type { Slot, TaskBoard } from './task-board.ts';

type Failed = Extract<AttemptOutcome, { kind: 'failed' }>;
type Done = Extract<AttemptOutcome, { kind: 'done' }>;

/** What routing an outcome needs from its run: its parts, and the run-level decisions it may take. */
export interface RoutingContext {
  readonly settings: RunSettings;
  readonly clock: Clock;
  readonly random: Random;
  readonly events: RunEvents;
  readonly board: TaskBoard;
  readonly lanes: KeyLanes;
  readonly latency: LatencyTracker;
  readonly outage: ServerOutage;
  /** The run's quality gates; null when it has none. */
  readonly quality: QualityCheck | null;
  /** Why the run is stopping; undefined while it goes. */
  stopReason(): string | undefined;
  /** The server answered at least once since the run started. */
  reachedServer(): boolean;
  /** The server answered now (a reply, or an HTTP error that does not stop the run). */
  answered(): void;
  /** Stops the run with a run-level error. */
  fail(error: PacerError): void;
  /** One request at a time again until the server proves itself back. */
  probeAgain(): void;
  /** The server replied (with an article or an error): the auto pool may resize. */
  replied(): void;
  /** A key left the pool: the run says so (run.limits carries every key's state). */
  keysChanged(): void;
}

/**
 * Where a task goes once its attempt has ended: done, failed, a retry (after a backoff, or at the
 * limiter's shared gate), back to the queue (a pause), skipped or cancelled. Each branch emits
 * first, so listeners hear it before anything acts, then moves the task out of its slot.
 */
export function routeOutcome(run: RoutingContext, slot: Slot, outcome: AttemptOutcome): void {
  const { taskId } = slot;
  switch (outcome.kind) {
    case 'aborted':
      return afterAbort(run, slot);
    case 'broken':
      run.fail(runError(outcome.error));
      return afterAbort(run, slot);
    case 'done': {
      run.answered();
      run.latency.observe(outcome.latencyMs);
      afterReply(run, slot, outcome);
      return run.replied();
    }
    case 'failed': {
      const { error, attempt, latencyMs, rateLimit, costUsd } = outcome;
      run.events.emit({ type: 'attempt.failed', taskId, attempt, error, latencyMs, ...(rateLimit && { rateLimit }), ...(costUsd !== undefined && { costUsd }) });
      if (slot.stop !== undefined || run.stopReason() !== undefined) return afterAbort(run, slot);
      if (error.status !== undefined && error.decision !== 'stop_run') {
        run.answered();
        run.replied();
      }
      return afterFailure(run, slot, outcome);
    }
  }
}

/**
 * A whole reply: done when it passes every gate (or the run has none); otherwise written again
 * at once while the task's regenerations last, then kept as "needs review".
 */
function afterReply(run: RoutingContext, slot: Slot, outcome: Done): void {
  const { taskId } = slot;
  const { kind: _kind, lane: _lane, ...reply } = outcome;
  const report = run.quality?.check(taskId, run.board.input(taskId).topic, reply.text);
  if (!report || report.passed) {
    run.events.emit({ type: 'task.done', taskId, ...reply, ...(report && { gates: report.results }) });
    if (report) run.quality!.keep(taskId, report);
    return run.board.leaveSlot(slot, { to: 'idle' });
  }
  const spent = run.board.regenerations(taskId);
  if (spent >= run.quality!.maxRegenerations) {
    run.events.emit({ type: 'task.needs_review', taskId, ...reply, gates: report.results });
    return run.board.leaveSlot(slot, { to: 'idle' });
  }
  run.events.emit({ type: 'attempt.rejected', taskId, regeneration: spent + 1, ...reply, gates: report.results });
  run.board.regenerate(taskId);
  run.board.leaveSlot(slot, { to: 'ready', lane: 'retry' });
}

function afterFailure(run: RoutingContext, slot: Slot, outcome: Failed): void {
  const { taskId } = slot;
  if (keyRefused(outcome) && otherKeysLive(run, outcome.lane.id) > 0) return moveToAnotherKey(run, slot, outcome);
  const plan = planAfterFailure({ error: outcome.error, roundAttempt: run.board.roundAttempts(taskId), retry: run.settings.retry, random: run.random });
  switch (plan.kind) {
    case 'stop_run':
      run.fail(plan.error);
      return afterAbort(run, slot);
    case 'fail_task':
      run.events.emit({ type: 'task.failed', taskId, error: plan.error });
      return run.board.leaveSlot(slot, { to: 'idle' });
    case 'retry':
      run.events.emit({ type: 'retry.scheduled', taskId, attempt: outcome.attempt + 1, delayMs: plan.delayMs, source: plan.source });
      if (!plan.sharedCoolDown) return run.board.leaveSlot(slot, { to: 'backoff', delayMs: plan.delayMs });
      // One shared gate: every worker waits behind it and re-enters through the limiter in order,
      // so the 429 does not turn into a herd of retries the moment it lifts.
      outcome.lane.limiter.coolDown(plan.delayMs);
      return run.board.leaveSlot(slot, { to: 'ready', lane: 'retry' });
    case 'unreachable':
      return afterRefused(run, slot, outcome);
  }
}

/** A bad key or an exhausted quota: that key is done for, the others may still send. */
function keyRefused(outcome: Failed): boolean {
  return outcome.error.kind === 'auth' || outcome.error.kind === 'quota';
}

/**
 * Keys still in the pool besides this one. Requests in flight on a key when its first refusal
 * comes back are refused too: the key has left already, and they move on like the first did.
 */
function otherKeysLive(run: RoutingContext, laneId: string): number {
  return run.lanes.live - (run.lanes.removedSignal(laneId).aborted ? 0 : 1);
}

/**
 * The key leaves the pool after one such answer; this task goes back to the front of the line at
 * once, on another key, without spending an attempt of its round: the key failed, not the task.
 */
function moveToAnotherKey(run: RoutingContext, slot: Slot, outcome: Failed): void {
  const leaving = !run.lanes.removedSignal(outcome.lane.id).aborted;
  run.lanes.remove(outcome.lane.id, outcome.error.message);
  run.board.refundAttempt(slot.taskId);
  run.events.emit({ type: 'retry.scheduled', taskId: slot.taskId, attempt: outcome.attempt + 1, delayMs: 0, source: 'backoff' });
  run.board.leaveSlot(slot, { to: 'ready', lane: 'retry' });
  if (leaving) run.keysChanged();
}

/** No server took the connection: a wrong address at the start, an outage once it had answered. */
function afterRefused(run: RoutingContext, slot: Slot, outcome: Failed): void {
  const where = serverAddress(run.settings.provider);
  const why = unreachableReason(outcome.error.code);
  run.board.refundAttempt(slot.taskId);
  if (!run.reachedServer()) {
    run.fail({ code: 'no_server', message: `No server at ${where} (${why}). Check the base URL and that the server is running, then resume the run.` });
    return afterAbort(run, slot);
  }
  const verdict = run.outage.refused();
  if (verdict.kind === 'give_up') {
    const seconds = Math.round(verdict.sinceMs / 1000);
    const message = `Server unreachable: ${where} stopped accepting connections (${why}) and was not back after ${seconds} s. Check that it is running, then resume the run.`;
    run.fail({ code: 'server_unreachable', message });
    return afterAbort(run, slot);
  }
  const delayMs = Math.max(0, verdict.until - run.clock.now());
  run.events.emit({ type: 'retry.scheduled', taskId: slot.taskId, attempt: outcome.attempt + 1, delayMs, source: 'backoff' });
  run.board.leaveSlot(slot, { to: 'backoff', delayMs });
  run.probeAgain();
}

/** A slot that a control aborted (or whose run is stopping) hands its task on accordingly. */
function afterAbort(run: RoutingContext, slot: Slot): void {
  const { taskId } = slot;
  const reason = run.stopReason();
  const stop = reason !== undefined ? 'stop' : slot.stop;
  switch (stop) {
    case 'stop':
      run.events.emit({ type: 'task.cancelled', taskId, reason: reason ?? 'Cancelled.' });
      return run.board.leaveSlot(slot, { to: 'idle' });
    case 'skip':
      run.events.emit({ type: 'task.skipped', taskId });
      return run.board.leaveSlot(slot, { to: 'idle' });
    case 'pause':
      run.events.emit({ type: 'task.queued', taskId });
      return run.board.leaveSlot(slot, { to: 'ready', lane: 'retry' });
    case undefined:
      throw new Error(`The attempt of task ${taskId} was aborted, but nothing aborted it`);
  }
}
