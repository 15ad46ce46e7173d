import type { ServiceEvent } from '../../shared/domain/service-events.ts';
import type { EventName, EventPayloads, WireEvent } from '../../shared/ipc/contract.ts';
import type { Clock } from '../engine/clock.ts';
import { systemClock } from '../engine/clock.ts';
import { EventBatcher } from '../engine/event-batcher.ts';

/** One event as a transport delivers it; a union of tuples so a listener can switch on the name. */
export type AppEventListener = (...event: { [E in EventName]: [name: E, payload: EventPayloads[E]] }[EventName]) => void;

export interface EventHubOptions {
  readonly clock?: Clock;
  /** @default 100 */
  readonly intervalMs?: number;
  /** @default 1000 */
  readonly maxSize?: number;
  /** Applied to every payload before it leaves (the API key's redaction). */
  readonly outgoing: <T>(payload: T) => T;
  /** Where a listener's own failure is reported; it never stops the others. */
  readonly log: (line: string) => void;
}

/** Events that change a run's row in the history list. */
const RUN_LIST_EVENTS: ReadonlySet<string> = new Set(['run.started', 'run.paused', 'run.resumed', 'run.finished']);

/**
 * The service's events on their way to every transport: thousands a second become one
 * `service.events` message about every 100 ms (style.md rule 5), without the articles' text
 * (the UI asks for one with task.article when it shows it). `runs.changed` follows the batch that
 * started, paused or finished a run, so a list reload never overtakes the events that caused it.
 */
export class EventHub {
  private readonly listeners = new Set<AppEventListener>();
  private readonly batcher: EventBatcher<WireEvent>;
  private readonly options: EventHubOptions;
  private closed = false;

  constructor(options: EventHubOptions) {
    this.options = options;
    this.batcher = new EventBatcher<WireEvent>({
      clock: options.clock ?? systemClock,
      intervalMs: options.intervalMs,
      maxSize: options.maxSize,
      deliver: (events) => this.deliver(events),
    });
  }

  subscribe(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(event: ServiceEvent): void {
    if (this.closed) return; // a cancelled run's last events after close() have been flushed already
    this.batcher.add(toWireEvent(event));
  }

  /** After a create, duplicate or delete: whatever is pending goes first, then the list reload. */
  runsChanged(): void {
    if (this.closed) return;
    this.batcher.flush();
    this.tell('runs.changed', null);
  }

  /** Delivers what is pending; later events are dropped. */
  close(): void {
    if (this.closed) return;
    this.batcher.close();
    this.closed = true;
  }

  private deliver(events: WireEvent[]): void {
    this.tell('service.events', { events: this.options.outgoing(events) });
    if (events.some((event) => RUN_LIST_EVENTS.has(event.type))) this.tell('runs.changed', null);
  }

  private tell<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners) {
      try {
        (listener as (name: E, payload: EventPayloads[E]) => void)(name, payload);
      } catch (error) {
        this.options.log(`An event listener failed on ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

function toWireEvent(event: ServiceEvent): WireEvent {
  if (event.type !== 'task.done' && event.type !== 'task.needs_review' && event.type !== 'attempt.rejected') return event;
  const { text: _text, ...rest } = event;
  return rest;
}
