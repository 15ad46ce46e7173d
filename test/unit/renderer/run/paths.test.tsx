// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAppStyles } from '../support/app-styles.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { fakeViewport, renderWithStore } from '../support/render-app.tsx';
import { snapshot, taskViews } from '../support/run-fixtures.ts';

// Linux paths are case-sensitive: /TMP/PACER-E2E-JHK4E3 is another folder, so showing one that way is wrong.
const FOLDER = '/tmp/pacer-e2e-Jhk4E3/Out';
const ARTICLE = `${FOLDER}/Growing-Tomatoes.md`;
const HANDLE = `folder-${'a'.repeat(32)}`;

const restores: (() => void)[] = [];
beforeEach(() => {
  restores.push(fakeViewport(), applyAppStyles());
});
afterEach(() => {
  cleanup();
  for (const restore of restores.splice(0)) restore();
});

function expectVerbatim(element: HTMLElement, path: string): void {
  expect(element.textContent).toBe(path);
  expect(getComputedStyle(element).textTransform).toBe('none');
}

async function openRunWritingTo(folder: string) {
  const base = snapshot('run-1', taskViews(1, 'done'));
  const bridge = new FakeBridge({
    'run.open': () => ok({ ...base, detail: { ...base.detail, outDir: folder } }),
    'task.attempts': () => ok([]),
    'task.article': () => ok({ topic: 'Topic 0', prompt: 'Write about Topic 0.', text: '# Tomatoes', exportedPath: ARTICLE }),
    'folder.default': () => ok({ handle: HANDLE, path: folder }),
    'export.run': () => ok({ dir: folder, markdown: { written: 1, alreadyExported: 0, failed: [] }, csv: { path: `${folder}/Run.csv`, unchanged: false } }),
  });
  const rendered = await renderWithStore(bridge);
  await act(() => rendered.store.getState().openRun('run-1'));
  return rendered;
}

describe('paths', () => {
  it('shows every folder and file path exactly as given, whatever styles the text around it', async () => {
    const { store, bridge, user } = await openRunWritingTo(FOLDER);
    expectVerbatim(screen.getByTestId('run-out-dir'), FOLDER);

    act(() => bridge.emit('service.events', { events: [{ type: 'export.failed', runId: 'run-1', taskId: '0', code: 'write_failed', message: 'Disk full' }] }));
    expectVerbatim(screen.getByTestId('export-failures-notice').querySelector('code')!, FOLDER);

    act(() => store.getState().selectTask('0'));
    const saved = await screen.findByTestId('article-path');
    expect(saved.textContent).toBe(`Saved as ${ARTICLE}`);
    expectVerbatim(saved.querySelector('code')!, ARTICLE);

    await user.click(screen.getByTestId('run-export-open'));
    await waitFor(() => expect(screen.getByTestId('export-folder').dataset.path).toBe(FOLDER));
    expectVerbatim(screen.getByTestId('export-folder').querySelector('code')!, FOLDER);
    await user.click(screen.getByTestId('export-submit'));
    const report = await screen.findByTestId('export-report');
    expect(bridge.requests('export.run')).toEqual([{ runId: 'run-1', folder: HANDLE, formats: ['markdown'], exportId: expect.any(String) }]);
    expectVerbatim(within(report).getByTestId('export-dir'), FOLDER);
    expectVerbatim(within(report).getByTestId('export-csv').querySelector('code')!, `${FOLDER}/Run.csv`);
  });
});
