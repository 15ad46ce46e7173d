// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../../renderer/app.tsx';
import { connectStore } from '../../../../renderer/store/connect-store.ts';
import { createPacerStore } from '../../../../renderer/store/pacer-store.ts';
import { PacerStoreProvider } from '../../../../renderer/store/store-context.tsx';
import type { TopicsReader } from '../../../../renderer/topics/topics-reader.ts';
import { inlineTopicsReader } from '../../../../renderer/topics/topics-reader.ts';
import { FakeBridge } from '../support/fake-bridge.ts';
import { dropFile, renderWithStore } from '../support/render-app.tsx';

afterEach(cleanup);

const csv = (text: string, name = 'topics.csv') => new File([text], name, { type: 'text/csv' });

describe('topic intake', () => {
  it('reads pasted topics one per line, dropping repeats and blank lines', async () => {
    const { user } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('Growing tomatoes\n\nSourdough starter\ngrowing  TOMATOES\nBalcony herbs\n');

    expect(screen.getByTestId('topics-count')).toHaveProperty('textContent', '3 topics');
    expect(screen.getByTestId('topics-duplicates').textContent).toBe('1 duplicate dropped');
    expect(screen.getByTestId('topics-empty').textContent).toBe('1 empty row skipped');
    expect(screen.queryByTestId('topic-column')).toBeNull();
  });

  it('loads a CSV dropped anywhere on the window, with a topic column choice and the other columns as variables', async () => {
    const { store } = await renderWithStore();
    dropFile(document.body, csv('keyword,audience,notes\nbest running shoes,beginners,\ntrail shoes,runners,waterproof\n'));

    await waitFor(() => expect(screen.getByTestId('topics-file').textContent).toContain('topics.csv'));
    expect(screen.getByTestId('topics-count').textContent).toBe('2 topics');
    const column = screen.getByTestId<HTMLSelectElement>('topic-column');
    expect(column.value).toBe('keyword');
    expect([...column.options].map((option) => option.value)).toEqual(['keyword', 'audience', 'notes']);
    expect(screen.getByTestId('topic-variables').textContent).toContain('{{audience}}');
    expect(store.getState().topicsReading.parsed?.tasks[1]?.vars).toMatchObject({ topic: 'trail shoes', audience: 'runners' });
  });

  it('lets the user pick another topic column', async () => {
    const { user, store } = await renderWithStore();
    dropFile(document.body, csv('keyword,audience\nshoes,beginners\nsocks,runners\n'));
    await waitFor(() => screen.getByTestId('topic-column'));
    await user.selectOptions(screen.getByTestId('topic-column'), 'audience');
    expect(store.getState().topicsReading.parsed?.tasks.map((task) => task.topic)).toEqual(['beginners', 'runners']);
    expect(screen.getByTestId('topic-variables').textContent).toContain('{{keyword}}');
  });

  it('refuses a binary file with a clear message', async () => {
    await renderWithStore();
    dropFile(document.body, new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])], 'workbook.csv'));
    const error = await screen.findByTestId('topics-error');
    expect(error.textContent).toContain('workbook.csv looks like a binary file, not text');
    expect(error.textContent).toContain('CSV UTF-8');
  });

  it('refuses a file that is not UTF-8 and says to save it as UTF-8', async () => {
    await renderWithStore();
    dropFile(document.body, new File([new Uint8Array([0x74, 0x6f, 0x70, 0x69, 0x63, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a])], 'latin1.txt'));
    const error = await screen.findByTestId('topics-error');
    expect(error.textContent).toContain('latin1.txt is not UTF-8 text');
    expect(error.textContent).toContain('save it as UTF-8');
  });

  it('refuses a file over 50 MB before reading it', async () => {
    await renderWithStore();
    const big = csv('topic\nx\n', 'huge.csv');
    Object.defineProperty(big, 'size', { value: 60 * 1024 * 1024 });
    dropFile(document.body, big);
    expect((await screen.findByTestId('topics-error')).textContent).toContain('huge.csv is 60.0 MB; a topics file can be at most 50.0 MB');
  });

  it('shows where a malformed CSV breaks', async () => {
    await renderWithStore();
    dropFile(document.body, csv('topic,audience\n"unclosed quote,beginners\nsocks,runners\n', 'broken.csv'));
    const error = await screen.findByTestId('topics-error');
    expect(error.textContent).toContain('Could not read broken.csv as CSV');
    expect(error.textContent).toContain('a quoted field is never closed');
    expect(screen.queryByTestId('topics-count')).toBeNull();
  });

  it('blocks Run while a dropped file could not be read, instead of running the list pasted before it', async () => {
    const { user, store, bridge } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('Growing tomatoes\nBalcony herbs');
    const run = screen.getByTestId<HTMLButtonElement>('run-button');
    expect(run.disabled).toBe(false);

    dropFile(document.body, new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])], 'workbook.csv'));
    await screen.findByTestId('topics-error');
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('The file could not be used (see Topics): drop another file, or keep the topics there.');
    // A stray Enter reaches the store without the button: it must not start the old list either.
    await store.getState().createAndStartRun();
    expect(bridge.requests('run.create')).toEqual([]);

    await user.click(screen.getByTestId('topics-input'));
    await user.paste('\nSourdough starter');
    expect(screen.queryByTestId('topics-error')).toBeNull();
    expect(screen.queryByTestId('run-blocked-reason')).toBeNull();
    expect(run.disabled).toBe(false);
    expect(run.textContent).toBe('Run 3 topics');
  });

  it('reads a picked file through the hidden file input on the web host', async () => {
    const { user } = await renderWithStore();
    await user.upload(screen.getByTestId('topics-file-input'), new File(['one\ntwo\n'], 'list.txt', { type: 'text/plain' }));
    await waitFor(() => expect(screen.getByTestId('topics-count').textContent).toBe('2 topics'));
  });

  it('asks before a dropped file replaces pasted topics, and keeps them when told to', async () => {
    const { user } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('Growing tomatoes\nBalcony herbs');
    dropFile(document.body, csv('keyword,audience\nshoes,beginners\nsocks,runners\nhats,walkers\n', 'keywords.csv'));
    const offer = await screen.findByTestId('topics-pending');
    expect(offer.textContent).toContain('Replace the 2 pasted topics with keywords.csv (3 topics)?');
    expect(screen.getByTestId<HTMLTextAreaElement>('topics-input').value).toBe('Growing tomatoes\nBalcony herbs');
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('Say whether the file replaces the topics (see Topics).');

    await user.click(screen.getByTestId('topics-pending-keep'));
    expect(screen.queryByTestId('topics-pending')).toBeNull();
    expect(screen.getByTestId('topics-count').textContent).toBe('2 topics');

    dropFile(document.body, csv('keyword,audience\nshoes,beginners\nsocks,runners\nhats,walkers\n', 'keywords.csv'));
    await user.click(await screen.findByTestId('topics-pending-replace'));
    expect(screen.getByTestId('topics-file').textContent).toContain('keywords.csv');
    expect(screen.getByTestId('topics-count').textContent).toBe('3 topics');
  });

  it('refuses an empty file with a clear message, and the pasted topics stay', async () => {
    const { user } = await renderWithStore();
    await user.click(screen.getByTestId('topics-input'));
    await user.paste('Growing tomatoes');
    dropFile(document.body, csv('', 'empty.csv'));
    expect((await screen.findByTestId('topics-error')).textContent).toBe('empty.csv is empty: it has no topics (it is 0 bytes). Choose the file that holds your topics, or paste them.');
    expect(screen.queryByTestId('topics-pending')).toBeNull();
    await user.click(screen.getByTestId('topics-error-dismiss'));
    expect(screen.queryByTestId('topics-error')).toBeNull();
    expect(screen.getByTestId<HTMLTextAreaElement>('topics-input').value).toBe('Growing tomatoes');
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(false);
  });

  it('previews the first rows of a file with the topic column highlighted, following the column chosen', async () => {
    const { user } = await renderWithStore();
    const rows = Array.from({ length: 8 }, (_, i) => `kw ${i},aud ${i}`).join('\n');
    dropFile(document.body, csv(`keyword,audience\n${rows}\n`));
    const preview = await screen.findByTestId('topics-preview');
    expect(screen.getAllByTestId('topics-preview-row')).toHaveLength(5);
    expect(preview.querySelector('caption')!.textContent).toBe('First 5 of 8; the highlighted column is the topic');
    const highlighted = () => [...preview.querySelectorAll('th.is-topic')].map((th) => th.textContent);
    expect(highlighted()).toEqual(['keyword']);
    expect([...preview.querySelectorAll('tbody tr:first-child td.is-topic')].map((td) => td.textContent)).toEqual(['kw 0']);
    await user.selectOptions(screen.getByTestId('topic-column'), 'audience');
    expect(highlighted()).toEqual(['audience']);
  });
});

describe('a big file', () => {
  it('shows its reading progress, then the parsing, and blocks Run until it is done', async () => {
    let report: (loaded: number) => void = () => undefined;
    let finish: () => void = () => undefined;
    const reader: TopicsReader = {
      ...inlineTopicsReader,
      readFile: (file, options, onProgress) =>
        new Promise((resolve) => {
          report = (loaded) => onProgress({ phase: loaded < file.size ? 'reading' : 'parsing', loaded, total: file.size });
          finish = () => void inlineTopicsReader.readFile(file, options, () => undefined).then(resolve);
        }),
    };
    const bridge = new FakeBridge();
    const store = createPacerStore(bridge, { topicsReader: reader });
    connectStore(store, bridge);
    await store.getState().boot();
    render(
      <PacerStoreProvider store={store}>
        <App />
      </PacerStoreProvider>,
    );
    const file = new File(['topic\n', 'x'.repeat(4 * 1024 * 1024), '\n'], 'big.csv');
    dropFile(document.body, file);
    const loading = await screen.findByTestId('topics-loading');
    act(() => report(1024 * 1024));
    expect(loading.dataset.phase).toBe('reading');
    expect(loading.textContent).toContain('Reading big.csv: 1.0 MB of 4.0 MB');
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(true);
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('Reading the topics…');
    act(() => report(file.size));
    expect(loading.dataset.phase).toBe('parsing');
    expect(loading.textContent).toContain('Finding the topics in big.csv (4.0 MB)');
    finish();
    await waitFor(() => expect(screen.queryByTestId('topics-loading')).toBeNull());
    expect(screen.getByTestId('topics-count').textContent).toBe('1 topic');
  });
});
