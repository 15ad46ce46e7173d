// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBridge, fail, ok } from '../support/fake-bridge.ts';
import { fakeViewport, renderWithStore } from '../support/render-app.tsx';
import { snapshot, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

describe('export dialog', () => {
  it('exports to a typed folder in the chosen formats and shows the report', async () => {
    const restore = fakeViewport();
    const bridge = new FakeBridge({
      'run.open': () => ok(snapshot('run-1', taskViews(3, 'done'))),
      'export.run': ({ dir }) =>
        dir === '/nope'
          ? fail('not_writable', 'No permission to write to /nope. Choose another folder.')
          : ok({ dir, markdown: { written: 2, alreadyExported: 1, failed: [{ code: 'exists', message: 'Not overwriting /out/a.md: a file with that name already exists.' }] }, csv: '/out/run.csv' }),
    });
    const { store, user } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    await user.click(screen.getByTestId('run-export-open'));

    expect(screen.getByTestId('export-dialog').getAttribute('role')).toBe('dialog');
    expect(screen.getByTestId('export-no-overwrite').textContent).toContain('never overwrites');
    expect(screen.queryByTestId('export-folder-choose')).toBeNull();

    await user.type(screen.getByTestId('export-folder'), '/nope');
    await user.click(screen.getByTestId('export-submit'));
    expect((await screen.findByTestId('export-error')).textContent).toContain('No permission to write to /nope');

    await user.clear(screen.getByTestId('export-folder'));
    await user.type(screen.getByTestId('export-folder'), '/out');
    await user.click(screen.getByTestId('export-format-csv'));
    await user.click(screen.getByTestId('export-submit'));

    await screen.findByTestId('export-report');
    expect(bridge.requests('export.run').at(-1)).toEqual({ runId: 'run-1', dir: '/out', formats: ['markdown', 'csv'], exportId: expect.any(String) });
    expect(screen.getByTestId('export-written').dataset.count).toBe('2');
    expect(screen.getByTestId('export-already').dataset.count).toBe('1');
    expect(screen.getByTestId('export-failures').textContent).toContain('Not overwriting /out/a.md');
    expect(screen.getByTestId('export-csv').textContent).toBe('CSV: /out/run.csv');

    await user.click(screen.getByTestId('export-dialog-close'));
    expect(screen.queryByTestId('export-dialog')).toBeNull();
    restore();
  });

  it('lets a hanging export be cancelled, and Escape closes the dialog even while it exports', async () => {
    const restore = fakeViewport();
    const bridge = new FakeBridge({
      'run.open': () => ok(snapshot('run-1', taskViews(3, 'done'))),
      'export.run': () => new Promise(() => undefined),
      'export.cancel': () => ok({ cancelled: true }),
    });
    const { store, user } = await renderWithStore(bridge);
    await act(() => store.getState().openRun('run-1'));
    await user.click(screen.getByTestId('run-export-open'));
    await user.type(screen.getByTestId('export-folder'), '/mnt/dead-share');
    await user.click(screen.getByTestId('export-submit'));
    expect(screen.getByTestId('export-submit').textContent).toBe('Exporting…');

    await user.click(screen.getByTestId('export-cancel'));
    const exportId = bridge.requests('export.run')[0]?.exportId;
    expect(bridge.requests('export.cancel')).toEqual([{ exportId }]);
    expect(screen.getByTestId('export-submit').textContent).toBe('Export');
    expect(screen.getByTestId('export-error').textContent).toContain('Export cancelled');

    await user.click(screen.getByTestId('export-submit'));
    expect(screen.getByTestId('export-submit').textContent).toBe('Exporting…');
    await user.click(document.body);
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('export-dialog')).toBeNull();
    expect(bridge.requests('export.cancel')).toHaveLength(2);
    restore();
  });
});
