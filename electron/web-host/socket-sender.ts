import type { WebSocket } from 'ws';
import type { EventName, EventPayloads } from '../../shared/ipc/contract.ts';
import type { ServerMessage } from '../../shared/ipc/ws-protocol.ts';

export interface SendLimits {
  /** Above this many bytes waiting to go out on a socket, its events wait in its queue. @default 1 MiB */
  readonly highWaterBytes: number;
  /**
   * Events a tab may fall behind by. Past it its queue is dropped and the socket cut: the page
   * reconnects and reloads from snapshots (renderer/store/session-slice.ts), which is cheaper for
   * both ends than catching up event by event. @default 20000
   */
  readonly maxQueuedEvents: number;
}

export const DEFAULT_SEND_LIMITS: SendLimits = { highWaterBytes: 1024 * 1024, maxQueuedEvents: 20_000 };

/** One app event, its name paired with its payload. */
export type AppEvent = { readonly [E in EventName]: { readonly name: E; readonly payload: EventPayloads[E] } }[EventName];

/**
 * Everything one tab's socket is sent. Call results go at once (the tab waits on them). Events go
 * at once while the socket keeps up; while more than `highWaterBytes` wait in it, they are held
 * and coalesced (all event batches into one, one runs.changed), and sent when a write completes.
 * A tab that falls further behind than `maxQueuedEvents` is cut off, so a stalled browser never
 * makes the host hold an unbounded backlog.
 */
export class SocketSender {
  private readonly ws: WebSocket;
  private readonly limits: SendLimits;
  private readonly onDrop: (behindBy: number) => void;
  private queue: AppEvent[] = [];
  private queuedEvents = 0;

  constructor(ws: WebSocket, limits: SendLimits, onDrop: (behindBy: number) => void) {
    this.ws = ws;
    this.limits = limits;
    this.onDrop = onDrop;
  }

  /** A call's answer: never held back or dropped. */
  result(message: Extract<ServerMessage, { kind: 'result' }>): void {
    this.write(JSON.stringify(message));
  }

  /** An app event; `frame` is its message already serialised (once, for every tab). */
  event(event: AppEvent, frame: () => string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.queue.length === 0 && !this.backedUp()) return this.write(frame());
    this.queue.push(event);
    this.queuedEvents += event.name === 'service.events' ? event.payload.events.length : 1;
    if (this.queuedEvents > this.limits.maxQueuedEvents) this.drop();
  }

  private backedUp(): boolean {
    return this.ws.bufferedAmount > this.limits.highWaterBytes;
  }

  /** Each completed write may have made room for what is held. */
  private write(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(text, () => this.flush());
  }

  private flush(): void {
    if (this.queue.length === 0 || this.backedUp() || this.ws.readyState !== this.ws.OPEN) return;
    const held = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    for (const event of coalesce(held)) this.write(JSON.stringify({ kind: 'event', ...event } satisfies ServerMessage));
  }

  private drop(): void {
    const behindBy = this.queuedEvents;
    this.queue = [];
    this.queuedEvents = 0;
    this.ws.terminate();
    this.onDrop(behindBy);
  }
}

/**
 * One `service.events` with every held event in order, then one `runs.changed` if any was held
 * (it only asks for a reload of the list, after the events), then anything else in order.
 */
function coalesce(held: readonly AppEvent[]): AppEvent[] {
  const events: EventPayloads['service.events']['events'][number][] = [];
  const rest: AppEvent[] = [];
  let runsChanged: AppEvent | undefined;
  for (const item of held) {
    if (item.name === 'service.events') for (const event of item.payload.events) events.push(event);
    else if (item.name === 'runs.changed') runsChanged = item;
    else rest.push(item);
  }
  return [...(events.length > 0 ? [{ name: 'service.events', payload: { events } } as const] : []), ...(runsChanged ? [runsChanged] : []), ...rest];
}
