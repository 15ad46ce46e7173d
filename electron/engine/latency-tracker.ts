/**
 * Observed request latency as an exponentially weighted moving average, so the auto-sized pool
 * follows a provider that slows down or speeds up without reacting to a single outlier.
 */
export class LatencyTracker {
  private average: number | undefined;
  private readonly initialGuessMs: number;
  private readonly weight: number;

  constructor(initialGuessMs: number, weight = 0.2) {
    this.initialGuessMs = initialGuessMs;
    this.weight = weight;
  }

  get estimateMs(): number {
    return this.average ?? this.initialGuessMs;
  }

  observe(latencyMs: number): void {
    this.average = this.average === undefined ? latencyMs : this.average + this.weight * (latencyMs - this.average);
  }
}
