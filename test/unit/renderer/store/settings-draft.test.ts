// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { readTopics } from '../../../../renderer/store/read-topics.ts';
import { DEFAULT_SETTINGS, draftFromSettings, liveControlsFromDraft, OPENAI_BASE_URL, settingsFromDraft } from '../../../../renderer/store/settings-draft.ts';

describe('settings draft', () => {
  it('round-trips settings, keeping what the form does not show', () => {
    const settings = { ...DEFAULT_SETTINGS, provider: { kind: 'openai' as const, baseURL: 'http://localhost:11434/v1' }, rpm: 500, workers: 12, requestTimeoutMs: 30_000 };
    const draft = draftFromSettings(settings);
    expect(draft).toMatchObject({ provider: 'custom', baseURL: 'http://localhost:11434/v1', rpm: '500', tpm: '', workers: '12' });
    expect(settingsFromDraft(draft, settings)).toEqual({ ok: true, settings });
  });

  it('maps the OpenAI base URL to the OpenAI choice and blank limits to "learn from the server"', () => {
    const draft = draftFromSettings({ ...DEFAULT_SETTINGS, provider: { kind: 'openai', baseURL: `${OPENAI_BASE_URL}/` } });
    expect(draft.provider).toBe('openai');
    const result = settingsFromDraft({ ...draft, rpm: ' ', tpm: '' });
    expect(result.ok && result.settings).toMatchObject({ provider: { kind: 'openai', baseURL: OPENAI_BASE_URL }, rpm: null, tpm: null });
  });

  it('names every bad field with the message the schema gives', () => {
    const result = settingsFromDraft({ ...draftFromSettings(DEFAULT_SETTINGS), model: ' ', maxTokens: '1e3', tpm: '-5', promptTemplate: '' });
    expect(result).toEqual({
      ok: false,
      errors: {
        model: 'Model must not be empty',
        maxTokens: 'Max tokens must be a number, not "1e3"',
        tpm: 'Tokens per minute must be greater than 0',
        promptTemplate: 'Prompt template must not be empty',
      },
    });
  });

  it('refuses a base URL that is not http(s), with the schema’s message', () => {
    for (const baseURL of ['ftp://example.com/v1', 'file:///etc/passwd', 'localhost:11434']) {
      const result = settingsFromDraft({ ...draftFromSettings(DEFAULT_SETTINGS), provider: 'custom', baseURL });
      expect(result.ok ? 'accepted' : result.errors.baseURL, baseURL).toMatch(/^Base URL must start with http:\/\/ or https:\/\//);
    }
  });

  it('reads blank live workers as auto and keeps only the live fields', () => {
    expect(liveControlsFromDraft({ rpm: '', tpm: '90000', workers: '' })).toEqual({ ok: true, controls: { rpm: null, tpm: 90_000, workers: 'auto' } });
    expect(liveControlsFromDraft({ rpm: 'x', tpm: '', workers: '0' })).toEqual({
      ok: false,
      errors: { rpm: 'Requests per minute must be a number, or blank to learn it from the server, not "x"', workers: 'Workers must be greater than 0' },
    });
  });
});

describe('readTopics', () => {
  it('keeps the header when the chosen topic column is empty, so another can be chosen', () => {
    const reading = readTopics('keyword,notes\nshoes,\nsocks,\n', { choice: 'auto', fileName: 'k.csv', column: 'notes' });
    expect(reading.parsed).toBeNull();
    expect(reading.columns).toEqual(['keyword', 'notes']);
    expect(reading.error).toContain('the "notes" column is empty in every row');
  });

  it('sniffs pasted text with a topic header as CSV, and a plain list with commas as lines', () => {
    expect(readTopics('topic,audience\nshoes,kids\n', { choice: 'auto', fileName: null, column: null }).format).toBe('csv');
    expect(readTopics('Paris, France: a guide\nRome\n', { choice: 'auto', fileName: null, column: null }).parsed?.tasks).toHaveLength(2);
  });
});

describe('settings draft: price tier', () => {
  it('round-trips the mode and a deadline in hours', () => {
    const settings = { ...DEFAULT_SETTINGS, mode: 'auto' as const, deadlineMs: 5_400_000 };
    const draft = draftFromSettings(settings);
    expect(draft).toMatchObject({ mode: 'auto', deadlineHours: '1.5' });
    expect(settingsFromDraft(draft, settings)).toEqual({ ok: true, settings });
  });

  it('reads a blank deadline as none and names a bad one', () => {
    const draft = { ...draftFromSettings(DEFAULT_SETTINGS), mode: 'batch', deadlineHours: '' };
    expect(settingsFromDraft(draft)).toMatchObject({ ok: true, settings: { mode: 'batch', deadlineMs: null } });
    expect(settingsFromDraft({ ...draft, deadlineHours: 'soon' })).toEqual({ ok: false, errors: { deadlineHours: 'Deadline must be a number, or blank for none, not "soon"' } });
    expect(settingsFromDraft({ ...draft, deadlineHours: '-2' })).toEqual({ ok: false, errors: { deadlineHours: 'Deadline must be greater than 0' } });
  });
});
