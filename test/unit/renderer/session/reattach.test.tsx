// @vitest-environment happy-dom
import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { connectStore } from '../../../../renderer/store/connect-store.ts';
import { createPacerStore } from '../../../../renderer/store/pacer-store.ts';
import { loadSetupDraft, MAX_STORED_TOPICS_CHARS, persistSetupDraft, SETUP_DRAFT_KEY } from '../../../../renderer/store/setup-draft-storage.ts';
import { APP_INFO, FakeBridge, ok } from '../support/fake-bridge.ts';
import { renderWithStore, useFakeViewport } from '../support/render-app.tsx';
import { events, runSummary, snapshot, taskViews } from '../support/run-fixtures.ts';

useFakeViewport();

describe('a window that opens while a run is going', () => {
  it('opens the going run in the run view on launch', async () => {
    const bridge = new FakeBridge({
      'app.info': () => ok({ ...APP_INFO, activeRunIds: ['live', 'older'] }),
      'run.open': ({ runId }) => ok(snapshot(runId, taskViews(3, 'running'), 7, { phase: 'running' })),
      'runs.list': () => ok([runSummary('live', { status: 'running' })]),
    });
    const { store } = await renderWithStore(bridge);
    expect(bridge.requests('run.open')).toEqual([{ runId: 'live' }]);
    expect(store.getState()).toMatchObject({ view: 'run', openRunId: 'live', phase: 'running', lastSeq: 7 });
    expect(screen.getByTestId('run-view').dataset.runId).toBe('live');
  });

  it('stays on Setup when nothing is going', async () => {
    const bridge = new FakeBridge();
    const { store } = await renderWithStore(bridge);
    expect(bridge.requests('run.open')).toEqual([]);
    expect(store.getState().view).toBe('setup');
  });

  it('shows a banner for a going run it is not showing, which opens it', async () => {
    const bridge = new FakeBridge({
      'runs.list': () => ok([runSummary('live', { name: 'Spring campaign', status: 'running', total: 24, counts: { ...runSummary('x').counts, queued: 19, done: 5 } })]),
      'run.open': ({ runId }) => ok(snapshot(runId, taskViews(3), 0, { phase: 'running' })),
    });
    const { user, store } = await renderWithStore(bridge);
    const banner = screen.getByTestId('going-run-banner');
    expect(banner.textContent).toContain('Spring campaign is running: 5 / 24 finished.');
    await user.click(screen.getByTestId('going-run-show'));
    expect(store.getState()).toMatchObject({ view: 'run', openRunId: 'live' });
    expect(screen.queryByTestId('going-run-banner')).toBeNull();
  });
});

describe('the run list while runs go', () => {
  it('is reloaded at most every two seconds as tasks finish, so a going run’s counts move in History', async () => {
    vi.useFakeTimers();
    try {
      const bridge = new FakeBridge({ 'runs.list': () => ok([runSummary('live', { status: 'running' })]) });
      const store = createPacerStore(bridge);
      connectStore(store, bridge);
      await store.getState().boot();
      const before = bridge.requests('runs.list').length;
      const done = (seq: number, taskId: string) => events('live', seq, [{ type: 'task.done', taskId, attempt: 1, usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, latencyMs: 1 }]);
      bridge.emit('service.events', { events: done(1, '0') });
      bridge.emit('service.events', { events: done(2, '1') });
      await vi.advanceTimersByTimeAsync(1_999);
      expect(bridge.requests('runs.list').length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(bridge.requests('runs.list').length).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the run list while this window’s own run goes', () => {
  it('is not reloaded while History is hidden, and is once History shows', async () => {
    vi.useFakeTimers();
    try {
      const bridge = new FakeBridge({
        'runs.list': () => ok([runSummary('own', { status: 'running' })]),
        'run.open': () => ok(snapshot('own', taskViews(3), 0, { phase: 'running' })),
      });
      const store = createPacerStore(bridge);
      connectStore(store, bridge);
      await store.getState().boot();
      await store.getState().openRun('own');
      const before = bridge.requests('runs.list').length;
      const done = (seq: number, taskId: string) => events('own', seq, [{ type: 'task.done', taskId, attempt: 1, usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, latencyMs: 1 }]);
      bridge.emit('service.events', { events: events('own', 1, [{ type: 'attempt.started', taskId: '0', attempt: 1, estimatedTokens: 2 }]) });
      bridge.emit('service.events', { events: done(2, '0') });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(store.getState().counts.done, 'the run view follows the run').toBe(1);
      expect(bridge.requests('runs.list').length, 'no one reads the list').toBe(before);

      store.getState().setView('history');
      bridge.emit('service.events', { events: events('own', 3, [{ type: 'attempt.started', taskId: '1', attempt: 1, estimatedTokens: 2 }]) });
      bridge.emit('service.events', { events: done(4, '1') });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(bridge.requests('runs.list').length).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is loaded when History is shown', async () => {
    const bridge = new FakeBridge({ 'runs.list': () => ok([runSummary('own', { status: 'running' })]) });
    const { store, user } = await renderWithStore(bridge);
    const before = bridge.requests('runs.list').length;
    await user.click(screen.getByTestId('nav-history'));
    expect(store.getState().view).toBe('history');
    expect(bridge.requests('runs.list').length).toBe(before + 1);
  });
});

describe('the Setup draft', () => {
  it('is written to storage and restored over the saved settings in a new window', async () => {
    const storage = new Map<string, string>();
    const local = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) };
    const page = new EventTarget();
    const first = createPacerStore(new FakeBridge());
    const stop = persistSetupDraft(first, local, page as unknown as Window);
    await first.getState().receiveTopicsFile('keywords.csv', 'keyword,audience\nshoes,runners\nsocks,walkers\n');
    first.getState().setTopicColumn('audience');
    first.getState().updateDraft({ promptTemplate: 'About {{keyword}} for {{topic}}.', rpm: '30' });
    page.dispatchEvent(new Event('pagehide'));
    stop();
    expect(JSON.parse(storage.get(SETUP_DRAFT_KEY)!)).toMatchObject({ topicsFileName: 'keywords.csv', topicColumn: 'audience' });

    const saved = loadSetupDraft(local);
    expect(saved).not.toBeNull();
    const bridge = new FakeBridge({ 'settings.load': () => ok({ settings: { ...first.getState().baseSettings, promptTemplate: 'Saved {{topic}}' }, outDir: null }) });
    const second = createPacerStore(bridge);
    second.getState().restoreSetupDraft(saved!);
    await act(() => second.getState().boot());
    const state = second.getState();
    expect(state.topicsFileName).toBe('keywords.csv');
    expect(state.topicsReading.parsed?.tasks.map((task) => task.topic)).toEqual(['runners', 'walkers']);
    expect(state.draft.promptTemplate).toBe('About {{keyword}} for {{topic}}.');
    expect(state.draft.rpm).toBe('30');
  });

  it('keeps only the name of a file too large for storage, and asks for the file again', async () => {
    const storage = new Map<string, string>();
    const local = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) };
    const page = new EventTarget();
    const first = createPacerStore(new FakeBridge());
    const stop = persistSetupDraft(first, local, page as unknown as Window);
    await first.getState().receiveTopicsFile('huge.txt', 'a topic\n'.repeat(MAX_STORED_TOPICS_CHARS / 8 + 1));
    stop();
    const second = createPacerStore(new FakeBridge());
    second.getState().restoreSetupDraft(loadSetupDraft(local)!);
    expect(second.getState().fileError).toBe('huge.txt was too large to keep across a reload: drop or open it again.');
    expect(second.getState().topicsReading.parsed).toBeNull();
  });

  it('ignores what it did not write', () => {
    expect(loadSetupDraft({ getItem: () => '{"topicsText": 3}', setItem: () => undefined, removeItem: () => undefined })).toBeNull();
    expect(loadSetupDraft({ getItem: () => 'not json', setItem: () => undefined, removeItem: () => undefined })).toBeNull();
  });
});
