// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
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
    expect(screen.getByTestId('run-blocked-reason').textContent).toBe('The file could not be read (see Topics): drop another file or paste topics.');
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
});
