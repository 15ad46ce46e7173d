import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatorSettings } from '../../shared/domain/simulator-settings.ts';
import { AppHarness, inputs } from './app/app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open();
});
afterEach(async () => {
  await h.close();
});

const NO_FAULTS = { serverErrorRate: 0, overloadRate: 0, hangRate: 0, dropRate: 0, noHeadersOn429Rate: 0 };

describe('simulator.get / simulator.set', () => {
  it('reads the settings the app started the simulator with', async () => {
    expect(await h.call('simulator.get', {})).toEqual({
      rpm: null,
      tpm: null,
      shape: { requests: { kind: 'bucket', burstSeconds: 60 }, tokens: { kind: 'bucket', burstSeconds: 60 } },
      chargeRejected: false,
      faults: NO_FAULTS,
      latency: { firstTokenMs: 5, jitterMs: 5, tokensPerSecond: 100_000 },
    });
  });

  it('changes the running simulator live: a run on it then meets its 429s', async () => {
    const { runId } = await h.call('run.create', { settings: { promptTemplate: 'Write about {{topic}}', maxTokens: 20, workers: 1 }, inputs: inputs('Warm-up'), outDir: null });
    await h.call('run.start', { runId });
    await h.runFinished(runId);

    // 60 RPM enforced per second, strict: the headers promise a minute's budget, the server takes
    // one request a second, so a run that believes the headers meets 429s.
    const strict: SimulatorSettings = {
      ...(await h.call('simulator.get', {})),
      rpm: 60,
      shape: { requests: { kind: 'quantized', periodMs: 1000 }, tokens: { kind: 'bucket', burstSeconds: 60 } },
      chargeRejected: true,
    };
    expect(await h.call('simulator.set', { settings: strict })).toEqual(strict);
    expect(await h.call('simulator.get', {})).toEqual(strict);

    const second = await h.call('run.create', { settings: { promptTemplate: 'Write about {{topic}}', maxTokens: 20, workers: 4 }, inputs: inputs('Tea', 'Coffee', 'Cocoa', 'Mate'), outDir: null });
    await h.call('run.start', { runId: second.runId });
    const refused = await h.waitForEvent((e) => e.type === 'attempt.failed' && e.runId === second.runId, 'a 429');
    expect(refused).toMatchObject({ error: { kind: 'rate_limited', status: 429 } });
    await h.call('run.cancel', { runId: second.runId });
  });

  it('refuses bad settings in main, naming the field and quoting the value, and keeps what was in force', async () => {
    const before = await h.call('simulator.get', {});
    const error = await h.error('simulator.set', { settings: { ...before, rpm: -5, shape: { ...before.shape, tokens: { kind: 'window', seconds: 90 } } } });
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('settings.rpm: Requests per minute must be greater than 0, or blank for no limit, got -5');
    expect(error.message).toContain('settings.shape.tokens.seconds: Window seconds must be between 1 and 60, got 90');
    const faults = await h.error('simulator.set', { settings: { ...before, faults: { ...NO_FAULTS, hangRate: 0.7, dropRate: 0.5 } } });
    expect(faults.message).toContain('settings.faults: Server errors, overloads, hangs and drops must add up to at most 100 %, got 120 %');
    expect((await h.error('simulator.set', { settings: { ...before, shape: { ...before.shape, requests: { kind: 'leaky' } } } })).message).toContain('settings.shape.requests.kind: must be');
    expect(await h.call('simulator.get', {})).toEqual(before);
  });
});
