import type { GateName, GateResult } from './evaluate-gates.ts';

/** How each gate is named to a person: in the CLI, the task detail and the review grid. */
export const GATE_LABELS: Readonly<Record<GateName, string>> = {
  words: 'Length',
  keywords: 'Key words',
  structure: 'Headings',
  phrases: 'Refusal or placeholder',
  nearDuplicate: 'Near-duplicate',
};

export function failedGates(results: readonly GateResult[]): GateResult[] {
  return results.filter((result) => !result.passed);
}

/** The failed gates in one line, each with what was measured against what it asks: "Length: 120 words, at least 300 required". */
export function gateFailureWords(results: readonly GateResult[]): string {
  const failed = failedGates(results);
  return failed.length === 0 ? 'every gate passed' : failed.map((result) => `${GATE_LABELS[result.gate]}: ${result.reason}`).join('; ');
}
