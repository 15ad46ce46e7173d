import type { LimitShapes, Limits } from './rate-limit.ts';

/**
 * One key of a run's pool as the UI and the CLI see it: a label and the key's last four
 * characters (never the key), its own limits and learned shape, and whether it is still in the
 * pool (a key refused for good leaves it, with the server's reason).
 */
export interface KeyStatus {
  readonly id: string;
  readonly label: string;
  readonly live: boolean;
  readonly limits: Limits;
  readonly shapes: LimitShapes;
  readonly reason?: string;
}
