// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FolderListing } from '../../../../shared/ipc/contract.ts';
import { FakeBridge, fail, ok } from '../support/fake-bridge.ts';
import { fakeViewport, renderWithStore } from '../support/render-app.tsx';
import { snapshot, taskViews } from '../support/run-fixtures.ts';

afterEach(cleanup);

const grant = (path: string) => ({ handle: `folder-${path.length.toString(16).padStart(32, '0')}`, path });
const DEFAULT = grant('/home/ann/Documents/Pacer/run');

/** main's folder browser over a pretend disk where /nope cannot take articles. */
function listing(path: string): FolderListing {
  return {
    folder: grant(path),
    exists: true,
    parent: grant('/home/ann'),
    children: [grant(`${path}/drafts`)],
    problem: path === '/nope' ? 'No permission to write in /nope. Choose another folder.' : null,
    places: [{ label: 'Home', folder: grant('/home/ann') }],
  };
}

async function openExportDialog(bridge: FakeBridge) {
  bridge.handle('run.open', () => ok(snapshot('run-1', taskViews(3, 'done'))));
  bridge.handle('folder.default', () => ok(DEFAULT));
  bridge.handle('folder.browse', ({ path, handle }) => ok(listing(path ?? (handle === DEFAULT.handle ? DEFAULT.path : '/home/ann'))));
  const rendered = await renderWithStore(bridge);
  await act(() => rendered.store.getState().openRun('run-1'));
  await rendered.user.click(screen.getByTestId('run-export-open'));
  await waitFor(() => expect(screen.getByTestId('export-folder').dataset.path).toBe(DEFAULT.path));
  return rendered;
}

describe('export dialog', () => {
  it("offers the default folder, lets main's folder browser choose another, and shows the report", async () => {
    const restore = fakeViewport();
    const bridge = new FakeBridge({
      'export.run': ({ folder }) =>
        ok({ dir: folder === DEFAULT.handle ? DEFAULT.path : '/out', markdown: { written: 2, alreadyExported: 1, failed: [{ code: 'exists', message: 'Not overwriting /out/a.md: a file with that name already exists.' }] }, csv: { path: '/out/run.csv', unchanged: true } }),
    });
    const { user } = await openExportDialog(bridge);
    expect(screen.getByTestId('export-dialog').getAttribute('role')).toBe('dialog');
    expect(screen.getByTestId('export-no-overwrite').textContent).toContain('never overwrites');

    // A folder main says cannot take articles cannot be used; a typed path goes to main, never to export.run.
    await user.click(screen.getByTestId('export-folder-choose'));
    await screen.findByTestId('folder-browser-listing');
    await user.clear(screen.getByTestId('folder-browser-path'));
    await user.type(screen.getByTestId('folder-browser-path'), '/nope{Enter}');
    expect((await screen.findByTestId('folder-browser-problem')).textContent).toContain('No permission to write in /nope');
    expect(screen.getByTestId<HTMLButtonElement>('folder-browser-use').disabled).toBe(true);
    await user.clear(screen.getByTestId('folder-browser-path'));
    await user.type(screen.getByTestId('folder-browser-path'), '/out{Enter}');
    await waitFor(() => expect(screen.getByTestId('folder-browser-current').textContent).toBe('/out'));
    await user.click(screen.getByTestId('folder-browser-use'));
    expect(screen.queryByTestId('folder-browser')).toBeNull();
    expect(screen.getByTestId('export-folder').dataset.path).toBe('/out');
    expect(bridge.requests('folder.browse').map((request) => request.path)).toEqual([undefined, '/nope', '/out']);

    await user.click(screen.getByTestId('export-format-csv'));
    await user.click(screen.getByTestId('export-submit'));
    await screen.findByTestId('export-report');
    expect(bridge.requests('export.run').at(-1)).toEqual({ runId: 'run-1', folder: grant('/out').handle, formats: ['markdown', 'csv'], exportId: expect.any(String) });
    expect(screen.getByTestId('export-written').dataset.count).toBe('2');
    expect(screen.getByTestId('export-already').dataset.count).toBe('1');
    expect(screen.getByTestId('export-failures').textContent).toContain('Not overwriting /out/a.md');
    expect(screen.getByTestId('export-csv').textContent).toBe('CSV: /out/run.csv (already there with the same content, left as it was)');

    await user.click(screen.getByTestId('export-dialog-close'));
    expect(screen.queryByTestId('export-dialog')).toBeNull();
    restore();
  });

  it("shows main's refusal of a folder", async () => {
    const restore = fakeViewport();
    const bridge = new FakeBridge({ 'export.run': () => fail('invalid_folder', "/proc/x cannot hold articles: /proc holds the kernel's and devices' files, not documents.") });
    const { user } = await openExportDialog(bridge);
    await user.click(screen.getByTestId('export-submit'));
    expect((await screen.findByTestId('export-error')).textContent).toContain('/proc/x cannot hold articles');
    restore();
  });

  it('lets a hanging export be cancelled, and Escape closes the dialog even while it exports', async () => {
    const restore = fakeViewport();
    const bridge = new FakeBridge({
      'export.run': () => new Promise(() => undefined),
      'export.cancel': () => ok({ cancelled: true }),
    });
    const { user } = await openExportDialog(bridge);
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

  it('closes only the folder browser on Escape when it is open over the dialog', async () => {
    const restore = fakeViewport();
    const { user } = await openExportDialog(new FakeBridge());
    await user.click(screen.getByTestId('export-folder-choose'));
    await screen.findByTestId('folder-browser-listing');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('folder-browser')).toBeNull();
    expect(screen.getByTestId('export-dialog')).toBeTruthy();
    restore();
  });
});
