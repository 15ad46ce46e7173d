/**
 * Task ids ready to start. Retries go ahead of fresh tasks so a run's stragglers finish first
 * (and a resumed run starts where it left off); within each lane order is FIFO. O(1) per operation.
 */
export class ReadyQueue {
  private fresh: string[] = [];
  private freshHead = 0;
  private retries: string[] = [];
  private retriesHead = 0;

  get size(): number {
    return this.fresh.length - this.freshHead + this.retries.length - this.retriesHead;
  }

  push(id: string): void {
    this.fresh.push(id);
  }

  pushRetry(id: string): void {
    this.retries.push(id);
  }

  shift(): string | undefined {
    if (this.retriesHead < this.retries.length) return take(this.retries, this.retriesHead++, () => this.compact());
    if (this.freshHead < this.fresh.length) return take(this.fresh, this.freshHead++, () => this.compact());
    return undefined;
  }

  /** Removes every id, returning them (used when a run is cancelled). */
  drain(): string[] {
    const ids = [...this.retries.slice(this.retriesHead), ...this.fresh.slice(this.freshHead)];
    this.fresh = [];
    this.retries = [];
    this.freshHead = this.retriesHead = 0;
    return ids;
  }

  private compact(): void {
    // Reclaim consumed slots now and then, so a 100,000-task run does not keep a dead prefix.
    if (this.freshHead > 1024 && this.freshHead * 2 > this.fresh.length) {
      this.fresh = this.fresh.slice(this.freshHead);
      this.freshHead = 0;
    }
    if (this.retriesHead > 1024 && this.retriesHead * 2 > this.retries.length) {
      this.retries = this.retries.slice(this.retriesHead);
      this.retriesHead = 0;
    }
  }
}

function take(lane: string[], index: number, after: () => void): string | undefined {
  const id = lane[index];
  after();
  return id;
}
