import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppHarness, SETTINGS, inputs } from './app-fixture.ts';

let h: AppHarness;
beforeEach(async () => {
  h = await AppHarness.open();
});
afterEach(async () => {
  await h.close();
});

describe('PacerApp.dispatch guards every call the same way', () => {
  it('refuses an unknown call by name', async () => {
    expect(await h.error('run.explode' as 'run.start', {})).toEqual({ code: 'unknown_call', message: expect.stringContaining('"run.explode"') });
    // Own properties only: nothing inherited from Object.prototype is a call.
    expect(await h.error('toString' as 'run.start', {})).toMatchObject({ code: 'unknown_call' });
  });

  it('names the field and says what is wrong with it', async () => {
    expect(await h.error('run.start', {})).toEqual({ code: 'invalid_request', message: 'Invalid run.start request: runId: missing, expected a string.' });
    expect((await h.error('run.start', { runId: 5 })).message).toContain('runId: must be a string, not a number');
    expect((await h.error('run.start', null)).message).toContain('request: must be an object, not null');

    const create = await h.error('run.create', {
      settings: { ...SETTINGS, maxTokens: -1, provider: { kind: 'anthropic' } },
      inputs: [{ index: 0, topic: '  ', vars: {} }],
      outDir: null,
    });
    expect(create.code).toBe('invalid_request');
    expect(create.message).toContain('settings.provider.kind: must be one of "simulator", "openai"');
    expect(create.message).toContain('settings.maxTokens: Max tokens must be greater than 0');
    expect(create.message).toContain('inputs[0].topic: A topic must not be empty');

    expect((await h.error('export.run', { runId: 'r', folder: '/tmp', formats: ['pdf'] })).message).toContain(
      'formats[0]: must be one of "markdown", "csv", "jsonl", not "pdf"',
    );
    // A path typed in the renderer is never a folder to write to: only one main handed out.
    expect((await h.error('export.run', { runId: 'r', folder: '/tmp', formats: ['markdown'] })).message).toBe(
      'Invalid export.run request: folder: must be a folder chosen in Pacer (Choose…), not a typed path.',
    );
    expect((await h.error('run.setControls', { runId: 'r', controls: { workers: 'many' } })).message).toContain('controls.workers: must be "auto" or a number');
    expect((await h.error('run.create', { settings: SETTINGS, inputs: [], outDir: null })).message).toContain('inputs: Add at least one topic');
    expect((await h.error('settings.save', { settings: { provider: { kind: 'openai', baseURL: 'not a url' } }, outDir: null })).message).toContain(
      'settings.provider.baseURL: Base URL must start with http:// or https://',
    );
  });

  it('turns a handler’s error into its stable code and message, never a stack', async () => {
    const missing = await h.error('run.open', { runId: 'nope' });
    expect(missing).toEqual({ code: 'not_found', message: expect.stringContaining('"nope"') });
    expect(Object.keys(missing)).toEqual(['code', 'message']);
    expect(await h.error('task.article', { runId: 'nope', taskId: '0' })).toMatchObject({ code: 'not_found' });
    const { runId } = await h.call('run.create', { settings: SETTINGS, inputs: inputs('A'), outDir: null });
    expect(await h.error('task.article', { runId, taskId: '9' })).toMatchObject({ code: 'not_found', message: expect.stringContaining('"9"') });
    expect(await h.error('run.create', { settings: SETTINGS, inputs: [...inputs('A'), ...inputs('B')], outDir: null })).toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('appears twice'),
    });
  });

  it('estimates a run before it is created', async () => {
    const estimate = await h.call('run.estimate', { settings: { ...SETTINGS, rpm: 60, tpm: 1_000_000 }, inputs: inputs('A', 'B') });
    expect(estimate).toMatchObject({ tasks: 2, maxOutputTokens: 60 });
    expect(estimate.promptTokens).toBeGreaterThan(0);
  });

  it('answers app.info with the transport, the data folder and the key status', async () => {
    expect(await h.call('app.info', {})).toEqual({
      version: '0.0.0-test',
      transport: 'web',
      platform: process.platform,
      dataDir: h.dataDir,
      key: { set: false, storage: 'none' },
      interruptedRunIds: [],
      activeRunIds: [],
    });
  });
});

describe('dialogs', () => {
  it('are unsupported in the web host', async () => {
    expect(await h.call('dialog.chooseFolder', {})).toEqual({ supported: false, folder: null });
    expect(await h.call('dialog.openTopicsFile', {})).toEqual({ supported: false, file: null });
  });

  it('go through the shell’s Dialogs where there are some, keeping an InputError’s code', async () => {
    const { InputError } = await import('../../../shared/input/input-error.ts');
    const shell = await AppHarness.open({
      transport: 'electron',
      dialogs: {
        chooseFolder: async () => '/home/me/articles',
        openTopicsFile: async () => {
          throw new InputError('binary', 'topics.xlsx looks like a binary file, not text.');
        },
        openFolder: async () => undefined,
      },
    });
    try {
      expect(await shell.call('dialog.chooseFolder', {})).toEqual({ supported: true, folder: { handle: expect.any(String), path: '/home/me/articles' } });
      expect(await shell.error('dialog.openTopicsFile', {})).toEqual({ code: 'binary', message: 'topics.xlsx looks like a binary file, not text.' });
    } finally {
      await shell.close();
    }
  });
});
