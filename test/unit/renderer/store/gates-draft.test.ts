import { describe, expect, it } from 'vitest';
import { DEFAULT_BANNED_PHRASES } from '../../../../shared/quality/default-phrases.ts';
import { RECOMMENDED_GATES } from '../../../../shared/quality/gate-settings.ts';
import { DEFAULT_SETTINGS, draftFromSettings, settingsFromDraft } from '../../../../renderer/store/settings-draft.ts';
import type { SettingsDraft } from '../../../../renderer/store/settings-draft.ts';

const draft = (patch: Partial<SettingsDraft>): SettingsDraft => ({ ...draftFromSettings(DEFAULT_SETTINGS), ...patch });

describe('the gates in the Setup draft', () => {
  it('starts off, filled with the recommended gates and the default phrases, so turning them on gives those', () => {
    const off = draftFromSettings(DEFAULT_SETTINGS);
    expect(off).toMatchObject({ gatesOn: 'off', gateMinWords: '300', gateKeywords: '0.8', gateMinHeadings: '2', gateNearDuplicate: '0.8', gateRegenerations: '2' });
    expect(off.gatePhrases.split('\n')).toEqual(DEFAULT_BANNED_PHRASES);
    expect(settingsFromDraft(off)).toMatchObject({ ok: true, settings: { gates: null } });
    expect(settingsFromDraft({ ...off, gatesOn: 'on' })).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, gates: RECOMMENDED_GATES } });
  });

  it('turns a gate off with a blank field, keeps an edited phrase list (its spaces too), and reads back what it wrote', () => {
    const result = settingsFromDraft(draft({ gatesOn: 'on', gateRegenerations: '3', gateMinWords: '', gateMaxWords: '900', gateKeywords: '', gateMinHeadings: '', gatePhrases: 'As an AI\n\n[your \n', gateNearDuplicate: '' }));
    expect(result.ok && result.settings.gates).toEqual({ maxRegenerations: 3, words: { max: 900 }, phrases: { list: ['As an AI', '[your '] } });
    const back = draftFromSettings(result.ok ? result.settings : DEFAULT_SETTINGS);
    expect(back).toMatchObject({ gatesOn: 'on', gateMinWords: '', gateMaxWords: '900', gateKeywords: '', gatePhrases: 'As an AI\n[your ' });
  });

  it('puts each mistake on its own field, in the shared schema’s words', () => {
    const result = settingsFromDraft(draft({ gatesOn: 'on', gateMinWords: '900', gateMaxWords: '600', gateKeywords: '1.5', gateRegenerations: 'many' }));
    expect(result).toEqual({
      ok: false,
      errors: {
        gateMinWords: 'words.min (900) must not be above words.max (600)',
        gateKeywords: 'keywords.minShare must be a number above 0 and at most 1, such as 0.8, got 1.5',
        gateRegenerations: 'maxRegenerations must be a whole number from 0 to 10, got "many"',
      },
    });
  });
});
