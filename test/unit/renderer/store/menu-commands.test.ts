// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { connectStore } from '../../../../renderer/store/connect-store.ts';
import { createPacerStore } from '../../../../renderer/store/pacer-store.ts';
import { FakeBridge, ok } from '../support/fake-bridge.ts';
import { snapshot, taskViews } from '../support/run-fixtures.ts';

async function setup(phase: 'running' | 'paused' = 'running') {
  const bridge = new FakeBridge();
  bridge.handle('run.open', () => ok({ ...snapshot('run-1', taskViews(3)), phase }));
  bridge.handle('dialog.openTopicsFile', () => ok({ supported: true, file: { name: 'topics.csv', text: 'topic\nCoffee\nTea\n' } }));
  const store = createPacerStore(bridge);
  connectStore(store, bridge);
  await store.getState().openRun('run-1');
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { bridge, store, settle };
}

describe('menu commands from the desktop app', () => {
  it('File › New Run shows the setup screen; Open Topics File loads the chosen file there', async () => {
    const { bridge, store, settle } = await setup();
    bridge.emit('menu.command', { command: 'run.new' });
    expect(store.getState().view).toBe('setup');
    store.getState().setView('run');
    bridge.emit('menu.command', { command: 'topics.open' });
    await settle();
    expect(store.getState().view).toBe('setup');
    expect(store.getState().topicsFileName).toBe('topics.csv');
    expect(store.getState().topicsReading.parsed?.tasks.map((t) => t.topic)).toEqual(['Coffee', 'Tea']);
  });

  it('Export opens the export dialog of the open run', async () => {
    const { bridge, store } = await setup();
    store.getState().setView('history');
    bridge.emit('menu.command', { command: 'export' });
    expect(store.getState()).toMatchObject({ view: 'run', exportOpen: true });
  });

  it('Pause / Resume pauses a running run and resumes a paused one', async () => {
    const running = await setup('running');
    running.bridge.emit('menu.command', { command: 'run.togglePause' });
    await running.settle();
    expect(running.bridge.calls.map((c) => c.name)).toContain('run.pause');
    const paused = await setup('paused');
    paused.bridge.emit('menu.command', { command: 'run.togglePause' });
    await paused.settle();
    expect(paused.bridge.calls.map((c) => c.name)).toContain('run.resume');
  });

  it('Start Run starts the run on Setup only; Keyboard Shortcuts opens the list', async () => {
    const { bridge, store, settle } = await setup();
    bridge.handle('run.create', () => ok({ runId: 'run-2' }));
    bridge.handle('run.start', () => ok(null));
    store.getState().setTopicsText('Coffee\nTea');
    bridge.emit('menu.command', { command: 'run.start' });
    await settle();
    expect(bridge.requests('run.create')).toEqual([]);
    store.getState().setView('setup');
    bridge.emit('menu.command', { command: 'run.start' });
    await settle();
    expect(bridge.requests('run.create')).toHaveLength(1);
    bridge.emit('menu.command', { command: 'help.shortcuts' });
    expect(store.getState().shortcutsOpen).toBe(true);
  });
});
