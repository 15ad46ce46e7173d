/** Which line a ready task waits in: retries go ahead of fresh tasks. */
export type Lane = 'fresh' | 'retry';

interface Entry {
  readonly id: string;
  readonly ticket: number;
}

/**
 * Task ids ready to start, each at most once. Retries go ahead of fresh tasks so a run's
 * stragglers finish first; within each lane order is FIFO. A task can leave from anywhere (a skip,
 * a stop): its entry stays in the lane but its ticket is void, so a stale entry can never start it
 * a second time. O(1) per operation, amortised.
 */
export class ReadyQueue {
  private readonly tickets = new Map<string, number>();
  private readonly lanes: Record<Lane, { entries: Entry[]; head: number }> = { fresh: { entries: [], head: 0 }, retry: { entries: [], head: 0 } };
  private nextTicket = 1;

  get size(): number {
    return this.tickets.size;
  }

  push(id: string, lane: Lane): void {
    if (this.tickets.has(id)) throw new Error(`Task ${JSON.stringify(id)} is already in the ready queue`);
    const ticket = this.nextTicket++;
    this.tickets.set(id, ticket);
    this.lanes[lane].entries.push({ id, ticket });
  }

  shift(): string | undefined {
    return this.take('retry') ?? this.take('fresh');
  }

  /** The task shift() would return next, left in place. */
  peek(): string | undefined {
    return this.first('retry') ?? this.first('fresh');
  }

  /** Takes a task out wherever it waits; false if it was not here. */
  remove(id: string): boolean {
    return this.tickets.delete(id);
  }

  private take(name: Lane): string | undefined {
    const lane = this.lanes[name];
    while (lane.head < lane.entries.length) {
      const entry = lane.entries[lane.head++]!;
      if (this.tickets.get(entry.id) !== entry.ticket) continue; // left the queue (or came back later, further down)
      this.tickets.delete(entry.id);
      this.compact(name);
      return entry.id;
    }
    lane.entries = [];
    lane.head = 0;
    return undefined;
  }

  /** Void entries at the front are passed for good: a task that comes back gets a new ticket. */
  private first(name: Lane): string | undefined {
    const lane = this.lanes[name];
    while (lane.head < lane.entries.length) {
      const entry = lane.entries[lane.head]!;
      if (this.tickets.get(entry.id) === entry.ticket) return entry.id;
      lane.head++;
    }
    return undefined;
  }

  /** Reclaims the consumed prefix now and then, so a 100,000-task run does not keep it. */
  private compact(name: Lane): void {
    const lane = this.lanes[name];
    if (lane.head > 1024 && lane.head * 2 > lane.entries.length) {
      lane.entries = lane.entries.slice(lane.head);
      lane.head = 0;
    }
  }
}
