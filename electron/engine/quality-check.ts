import type { GateReport } from '../../shared/quality/evaluate-gates.ts';
import { evaluateGates, nearDuplicateIndexFor } from '../../shared/quality/evaluate-gates.ts';
import type { GateSettings } from '../../shared/quality/gate-settings.ts';
import type { NearDuplicateIndex } from '../../shared/quality/near-duplicate-index.ts';

/** An article that already passed (stored before this engine started): later ones are compared with it. */
export interface PassedArticle {
  readonly id: string;
  readonly text: string;
}

/**
 * A run's quality gates, with the near-duplicate index of the articles that passed them. Only a
 * passed article joins the index: a rejected one is written again, and one that needs review is
 * not an article of the run until a person accepts it.
 */
export class QualityCheck {
  readonly maxRegenerations: number;
  private readonly settings: GateSettings;
  private readonly index: NearDuplicateIndex | null;

  constructor(settings: GateSettings, passed: Iterable<PassedArticle>) {
    this.settings = settings;
    this.maxRegenerations = settings.maxRegenerations;
    this.index = nearDuplicateIndexFor(settings);
    if (this.index) for (const article of passed) this.index.put(article.id, this.index.fingerprint(article.text), labelOf(article.id));
  }

  check(taskId: string, topic: string, text: string): GateReport {
    return evaluateGates({ id: taskId, text }, topic, this.settings, this.index);
  }

  /** A passed article: later articles of the run must not nearly duplicate it. */
  keep(taskId: string, report: GateReport): void {
    if (this.index && report.fingerprint) this.index.put(taskId, report.fingerprint, labelOf(taskId));
  }
}

/** Task ids are the row's index (run-service.ts): a reviewer finds "task 17" in the grid. */
function labelOf(taskId: string): string {
  return `task ${taskId}`;
}
