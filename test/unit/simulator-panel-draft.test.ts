import { describe, expect, it } from 'vitest';
import { SimulatorSettingsSchema } from '../../shared/domain/simulator-settings.ts';
import { draftFromSimulatorSettings, simulatorSettingsFromDraft } from '../../renderer/features/simulator/simulator-draft.ts';
import { SIMULATOR_PRESETS } from '../../renderer/features/simulator/simulator-presets.ts';

const flaky = SIMULATOR_PRESETS.find((preset) => preset.id === 'flaky');
if (!flaky) throw new Error('no flaky preset');

describe('the Simulator panel draft', () => {
  it.each(SIMULATOR_PRESETS.map((preset) => [preset.name, preset] as const))('%s is valid and survives the form unchanged', (_, preset) => {
    expect(SimulatorSettingsSchema.parse(preset.settings)).toEqual(preset.settings);
    expect(simulatorSettingsFromDraft(draftFromSimulatorSettings(preset.settings))).toEqual({ ok: true, settings: preset.settings });
  });

  it('shows fault rates in percent and blank limits as no limit', () => {
    const draft = draftFromSimulatorSettings({ ...flaky.settings, rpm: null });
    expect(draft).toMatchObject({ rpm: '', serverErrorPct: '8', hangPct: '1', noHeadersPct: '25' });
    expect(simulatorSettingsFromDraft({ ...draft, dropPct: '2.5' })).toMatchObject({ ok: true, settings: { rpm: null, faults: { dropRate: 0.025 } } });
  });

  it('says what is wrong with each field, in the form’s own units', () => {
    const draft = draftFromSimulatorSettings(flaky.settings);
    expect(simulatorSettingsFromDraft({ ...draft, rpm: 'fast', hangPct: '150', tokensShape: { kind: 'window', seconds: '0', periodMs: '1000' } })).toEqual({
      ok: false,
      errors: {
        rpm: 'Requests per minute must be a number, or blank for no limit, not "fast"',
        hangPct: 'Must be between 0 and 100 %',
        tokensShape: 'Window seconds must be between 1 and 60, got 0',
      },
    });
    expect(simulatorSettingsFromDraft({ ...draft, serverErrorPct: '60', dropPct: '50' })).toEqual({
      ok: false,
      errors: { faults: 'Server errors, overloads, hangs and drops must add up to at most 100 %, got 115 %' },
    });
  });

  it('keeps the one number each shape needs: burst or window seconds, or the sub-window', () => {
    const draft = draftFromSimulatorSettings(flaky.settings);
    const result = simulatorSettingsFromDraft({
      ...draft,
      requestsShape: { kind: 'window', seconds: '10', periodMs: '1000' },
      tokensShape: { kind: 'quantized', seconds: '60', periodMs: '100' },
    });
    expect(result).toMatchObject({ ok: true, settings: { shape: { requests: { kind: 'window', seconds: 10 }, tokens: { kind: 'quantized', periodMs: 100 } } } });
  });
});
