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

  it('takes a shape per dimension, checked like any other option', () => {
    const env = { PACER_SIMULATOR: '{"rpm":60,"shape":{"requests":{"kind":"window","seconds":10},"tokens":{"kind":"quantized","periodMs":1000}}}' };
    expect(simulatorOptionsFromEnv(env)).toEqual({ rpm: 60, shape: { requests: { kind: 'window', seconds: 10 }, tokens: { kind: 'quantized', periodMs: 1000 } } });
    expect(() => simulatorOptionsFromEnv({ PACER_SIMULATOR: '{"shape":{"requests":{"kind":"window","seconds":90}}}' })).toThrow(
      "Simulator option 'shape.requests.seconds' must be a whole number of seconds from 1 to 60, got 90",
    );
  });

  it('refuses bad JSON, a non-object and an invalid option with a message that says which', () => {
    expect(() => simulatorOptionsFromEnv({ PACER_SIMULATOR: '{rpm:30}' })).toThrow(/must be JSON.*\{rpm:30\}/);
    expect(() => simulatorOptionsFromEnv({ PACER_SIMULATOR: '[1]' })).toThrow(/JSON object/);
    expect(() => simulatorOptionsFromEnv({ PACER_SIMULATOR: '{"rpm":-3}' })).toThrow(/'rpm' must be a positive number or null, got -3/);
  });
});
