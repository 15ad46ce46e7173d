import { describe, expect, it } from 'vitest';
import { simulatorOptionsFromEnv } from '../../electron/providers/simulator/options-from-env.ts';

describe('PACER_SIMULATOR', () => {
  it('is the defaults when unset or blank', () => {
    expect(simulatorOptionsFromEnv({})).toEqual({});
    expect(simulatorOptionsFromEnv({ PACER_SIMULATOR: '  ' })).toEqual({});
  });

  it('passes valid options through', () => {
    expect(simulatorOptionsFromEnv({ PACER_SIMULATOR: '{"rpm":30,"latency":{"firstTokenMs":5,"jitterMs":0,"tokensPerSecond":1000}}' })).toEqual({
      rpm: 30,
      latency: { firstTokenMs: 5, jitterMs: 0, tokensPerSecond: 1000 },
    });
  });

  it('refuses bad JSON, a non-object and an invalid option with a message that says which', () => {
    expect(() => simulatorOptionsFromEnv({ PACER_SIMULATOR: '{rpm:30}' })).toThrow(/must be JSON.*\{rpm:30\}/);
    expect(() => simulatorOptionsFromEnv({ PACER_SIMULATOR: '[1]' })).toThrow(/JSON object/);
    expect(() => simulatorOptionsFromEnv({ PACER_SIMULATOR: '{"rpm":-3}' })).toThrow(/'rpm' must be a positive number or null, got -3/);
  });
});
