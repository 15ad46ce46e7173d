// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSettings } from '../../../../shared/domain/settings.ts';
import { DEFAULT_SETTINGS } from '../../../../renderer/store/settings-draft.ts';
import { FakeBridge, fail, ok } from '../support/fake-bridge.ts';
import { dropFile, fakeViewport, renderWithStore } from '../support/render-app.tsx';
import { snapshot, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

describe('settings form', () => {
  it('rejects RPM 0 and "abc" inline, accepts blank (learn from the server), and blocks Run meanwhile', async () => {
    const { user } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('one topic');
    const rpm = screen.getByTestId('settings-rpm');

    await user.type(rpm, '0');
    expect(screen.getByTestId('settings-rpm-error').textContent).toBe('Requests per minute must be greater than 0');
    expect(rpm.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(true);
    // The reason names the field, and the estimate offers to go there.
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('Fix Requests / min: Requests per minute must be greater than 0.');
    await user.click(screen.getByTestId('estimate-blocked-go'));
    expect(document.activeElement).toBe(rpm);

    await user.clear(rpm);
    await user.type(rpm, 'abc');
    expect(screen.getByTestId('settings-rpm-error').textContent).toContain('Requests per minute must be a number');

    await user.clear(rpm);
    expect(screen.queryByTestId('settings-rpm-error')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(false);
  });

  it('checks workers, temperature and max attempts against the shared schema', async () => {
    const { user } = await renderWithStore();
    await user.selectOptions(screen.getByTestId('settings-workers-mode'), 'fixed');
    const workers = screen.getByTestId('settings-workers');
    await user.clear(workers);
    await user.type(workers, '5000');
    expect(screen.getByTestId('settings-workers-error').textContent).toBe('Workers must be at most 1000');

    const temperature = screen.getByTestId('settings-temperature');
    await user.clear(temperature);
    await user.type(temperature, '3');
    expect(screen.getByTestId('settings-temperature-error').textContent).toBe('Temperature must be between 0 and 2');

    const attempts = screen.getByTestId('settings-max-attempts');
    await user.clear(attempts);
    await user.type(attempts, '1.5');
    expect(screen.getByTestId('settings-max-attempts-error').textContent).toBe('Max attempts must be a whole number');
  });

  it('asks for a base URL for a custom provider', async () => {
    const { user } = await renderWithStore();
    await user.selectOptions(screen.getByTestId('settings-provider'), 'custom');
    await user.type(screen.getByTestId('settings-base-url'), 'localhost:11434');
    expect(screen.getByTestId('settings-base-url-error').textContent).toContain('Base URL must start with http:// or https://');
  });

  it('fills the form from settings.load', async () => {
    const saved: RunSettings = { ...DEFAULT_SETTINGS, model: 'gpt-4.1-mini', rpm: 500, tpm: 200_000, workers: 12 };
    await renderWithStore(new FakeBridge({ 'settings.load': () => ok({ settings: saved, outDir: { handle: `folder-${'b'.repeat(32)}`, path: '/home/me/articles' } }) }));
    expect(screen.getByTestId<HTMLInputElement>('settings-model').value).toBe('gpt-4.1-mini');
    expect(screen.getByTestId<HTMLInputElement>('settings-rpm').value).toBe('500');
    expect(screen.getByTestId<HTMLInputElement>('settings-workers').value).toBe('12');
    expect(screen.getByTestId('output-folder').textContent).toBe('/home/me/articles');
  });

  it('sends the key to main and shows only where it is kept, with its warning', async () => {
    const bridge = new FakeBridge({
      'key.set': ({ apiKey }) => (apiKey.length < 8 ? fail('invalid_request', 'That does not look like an API key: it is too short') : ok({ set: true, storage: 'plain-text', warning: 'No keyring found: the key is stored in plain text.' })),
    });
    const { user } = await renderWithStore(bridge);
    await user.type(screen.getByTestId('api-key-input'), 'sk-1');
    await user.click(screen.getByTestId('api-key-save'));
    expect((await screen.findByTestId('api-key-error')).textContent).toContain('too short');

    await user.type(screen.getByTestId('api-key-input'), '234567890');
    await user.click(screen.getByTestId('api-key-save'));
    await waitFor(() => expect(screen.getByTestId('key-status').dataset.keySet).toBe('true'));
    expect(screen.getByTestId('key-status').textContent).toBe('A key is set, stored in plain text on this computer.');
    expect(screen.getByTestId('key-warning').textContent).toBe('No keyring found: the key is stored in plain text.');
    expect(screen.getByTestId<HTMLInputElement>('api-key-input').value).toBe('');
  });
});

describe('template preview', () => {
  it('renders the prompt for the first topic, with its columns', async () => {
    const { user } = await renderWithStore();
    dropFile(document.body, new File(['keyword,audience\nbest running shoes,beginners\n'], 'k.csv'));
    await waitFor(() => screen.getByTestId('topics-count'));
    const template = screen.getByTestId('settings-template');
    await user.clear(template);
    await user.click(template);
    await user.paste('Write about {{ topic }} for {{Audience}}.');
    expect(screen.getByTestId('template-preview-text').textContent).toBe('Write about best running shoes for beginners.');
  });

  it('shows template errors inline and blocks the run', async () => {
    const { user } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('coffee');
    const template = screen.getByTestId('settings-template');
    await user.clear(template);
    await user.click(template);
    await user.paste('About {{audience}}');
    expect(screen.getByTestId('template-error').textContent).toContain('Unknown variable {{audience}} at line 1, column 7');
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('Fix the prompt template.');

    await user.clear(template);
    await user.click(template);
    await user.paste('About {{topic');
    expect(screen.getByTestId('template-error').textContent).toContain('is not closed');
  });

  it('points a template that uses a column of an earlier file at the field, and offers {{topic}} instead', async () => {
    const { user, store } = await renderWithStore();
    act(() => store.getState().updateDraft({ promptTemplate: 'Write about {{ keyword }} for {{keyword}} fans.' }));
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('coffee\ntea');
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('Fix the prompt template.');
    const blocked = screen.getByTestId('estimate-blocked');
    expect(blocked.textContent).toContain('No estimate yet. Unknown variable {{keyword}} at line 1, column 13: the input has no column named "keyword".');
    expect(screen.getByTestId('estimate-blocked-go').textContent).toBe('Go to Prompt template');
    await user.click(screen.getByTestId('template-use-topic'));
    expect(screen.getByTestId<HTMLTextAreaElement>('settings-template').value).toBe('Write about {{topic}} for {{topic}} fans.');
    expect(screen.queryByTestId('run-blocked-reason')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(false);
  });

  it('blocks a run on OpenAI without a key, saying so and pointing at the key field', async () => {
    const { user } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('coffee');
    await user.selectOptions(screen.getByTestId('settings-provider'), 'openai');
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(true);
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('OpenAI needs an API key: add yours in Settings.');
    await user.click(screen.getByTestId('estimate-blocked-go'));
    expect(document.activeElement).toBe(screen.getByTestId('api-key-input'));
    // A custom server (Ollama, LM Studio) may need no key: it is not blocked.
    await user.selectOptions(screen.getByTestId('settings-provider'), 'custom');
    await user.type(screen.getByTestId('settings-base-url'), 'http://localhost:11434/v1');
    expect(screen.queryByTestId('run-blocked-reason')).toBeNull();
  });
});

describe('run button', () => {
  it('saves the settings, creates the run, opens it and starts it, then shows the run view', async () => {
    const bridge = new FakeBridge({
      'run.create': () => ok({ runId: 'run-9' }),
      'run.open': () => ok(snapshot('run-9', taskViews(2))),
      'run.start': () => ok(null),
      'run.estimate': () => ok({ tasks: 2, promptTokens: 30, maxOutputTokens: 2048, reservedTokens: 2078, expectedOutputTokens: 1638 }),
      'folder.browse': ({ path }) => ok({ folder: OUT, exists: false, parent: null, children: [], problem: null, places: [], ...(path ? {} : { folder: { handle: OUT.handle, path: '/home/me/Pacer/topic-0' } }) }),
    });
    const restore = fakeViewport();
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('Topic 0\nTopic 1');
    await user.click(screen.getByTestId('output-folder-choose'));
    expect(bridge.requests('folder.browse')).toEqual([{ runName: 'Topic 0' }]);
    await user.clear(await screen.findByTestId('folder-browser-path'));
    await user.type(screen.getByTestId('folder-browser-path'), '/out{Enter}');
    await waitFor(() => expect(screen.getByTestId('folder-browser-current').textContent).toBe('/out'));
    await user.click(screen.getByTestId('folder-browser-use'));
    expect(screen.getByTestId('output-folder').textContent).toBe('/out');
    expect((await screen.findByTestId('estimate-cost')).textContent).toBe('price unknown');
    await user.click(screen.getByTestId('run-button'));

    await screen.findByTestId('run-view');
    expect(bridge.calls.map((call) => call.name).filter((name) => name.startsWith('run.') || name === 'settings.save')).toEqual([
      'run.estimate',
      'settings.save',
      'run.create',
      'run.open',
      'run.start',
    ]);
    expect(bridge.requests('run.create')[0]).toMatchObject({ outDir: OUT.handle, name: 'Topic 0', inputs: [{ index: 0, topic: 'Topic 0' }, { index: 1, topic: 'Topic 1' }] });
    expect(bridge.requests('settings.save')[0]).toMatchObject({ outDir: OUT.handle });
    expect(screen.getAllByTestId('task-row')).toHaveLength(2);
    restore();
  });
});

const OUT = { handle: `folder-${'c'.repeat(32)}`, path: '/out' };

describe('estimate', () => {
  it('says when the limits add no wait, rather than "at least 0 ms", and gives the range a burst leaves open', async () => {
    const figures = { tasks: 2, promptTokens: 30, maxOutputTokens: 400, reservedTokens: 430, expectedOutputTokens: 320 };
    let etaMs = 0;
    let etaNoBurstMs = 500;
    const bridge = new FakeBridge({ 'run.estimate': () => ok({ ...figures, etaMs, etaNoBurstMs, boundBy: 'tokens' as const }) });
    const { user } = await renderWithStore(bridge);
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('Topic 0\nTopic 1');
    await waitFor(() => expect(screen.getByTestId('estimate').dataset.state).toBe('ready'));
    expect(screen.getByTestId('estimate-eta').textContent).toBe('the limits add no wait');

    etaMs = 90_000;
    etaNoBurstMs = 150_000;
    await user.paste('\nTopic 2');
    await waitFor(() => expect(screen.getByTestId('estimate-eta').textContent).toMatch(/^1 min 30 s to 2 min 30 s \(bound by tokens per minute\)/));
  });
});

