import type { GateResult } from './evaluate-gates.ts';
import { evaluateGates } from './evaluate-gates.ts';
import type { GateSettings } from './gate-settings.ts';

/**
 * The gates' verdict on an article a reviewer edited. Every gate is checked again on the new text
 * but the near-duplicate one, which compares with the run's other articles as they were when it
 * was written: that verdict is kept as it stood, or is absent if there was none.
 */
export function recheckEditedArticle(taskId: string, topic: string, text: string, settings: GateSettings, before: readonly GateResult[] | null): GateResult[] {
  const { nearDuplicate: _nearDuplicate, ...local } = settings;
  const results = [...evaluateGates({ id: taskId, text }, topic, local, null).results];
  const nearDuplicate = before?.find((result) => result.gate === 'nearDuplicate');
  if (settings.nearDuplicate && nearDuplicate) results.push(nearDuplicate);
  return results;
}
