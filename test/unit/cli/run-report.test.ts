import { describe, expect, it } from 'vitest';
import { printEstimate, printSummary, serverAllowed } from '../../../electron/cli/run-report.ts';
import { estimateRun } from '../../../electron/engine/estimate-run.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';
import { emptyCounts } from '../../../shared/domain/task.ts';

describe('the CLI summary', () => {
  it('says what the server turned out to allow', () => {
    let text = '';
    printSummary(
      { write: (chunk) => (text += chunk) },
      {
        result: { outcome: 'completed', counts: { ...emptyCounts(), done: 3 } },
        elapsedMs: 12_000,
        outDir: undefined,
        writeFailures: 0,
        requests: 3,
        rateLimited: 0,
        learned: { limits: { rpm: 60, tpm: null }, shapes: { requests: { kind: 'bucket', burst: 10 }, tokens: { kind: 'learning', burst: 0 } } },
      },
    );
    expect(text).toContain('  The server allowed: 60 RPM, at most 10 at once.\n');
  });

  it('names both dimensions when both are limited, and says when none was reported', () => {
    const shapes = { requests: { kind: 'window', seconds: 10, allowance: 10 }, tokens: { kind: 'quantized', seconds: 1, allowance: 1_500 } } as const;
    expect(serverAllowed({ rpm: 60, tpm: 90_000 }, shapes)).toBe('60 RPM in 10 s windows of 10; 90,000 TPM, 1,500 per 1 s');
    expect(serverAllowed({ rpm: null, tpm: null }, undefined)).toBe('no limit reported');
  });
});

describe('the CLI estimate', () => {
  const tasks = Array.from({ length: 100 }, (_, index) => ({ index, topic: `topic ${index}`, vars: {} }));

  it('shows the online and the Batch API price, the second half the first', () => {
    const settings = RunSettingsSchema.parse({ maxTokens: 500, mode: 'auto', deadlineMs: 7_200_000 });
    const estimate = estimateRun({ tasks, settings });
    let text = '';
    printEstimate({ write: (chunk) => (text += chunk) }, estimate, settings);
    const cost = /cost {5}online \$([\d.]+)–\$([\d.]+); Batch API \$([\d.]+)–\$([\d.]+) \(up to 24 h\)/.exec(text);
    expect(cost).not.toBeNull();
    const [online, batch] = [estimate.cost!, estimate.batchCost!];
    expect(batch.maxUsd).toBeCloseTo(online.maxUsd / 2, 12);
    expect(text).toContain('  mode     auto: Batch API while online could still finish by the deadline, deadline 2:00:00\n');
  });
});
