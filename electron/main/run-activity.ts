import { Notification } from 'electron';
import type { BrowserWindow } from 'electron';
import type { RunSnapshot } from '../../shared/ipc/contract.ts';
import type { PacerDispatcher, PacerEventSource } from './ipc-bridge.ts';
import { RunProgress } from './run-progress.ts';
import { runFinishedNotice } from './run-notice.ts';

/**
 * Native signs of a run outside the window: the taskbar/dock progress bar (finished tasks over all
 * tasks of the active runs) and a desktop notification when a run ends. Driven by the same batched
 * events the renderer gets, so it costs one pass over each batch (about every 100 ms).
 */
export function showRunActivity(app: PacerEventSource & PacerDispatcher, mainWindow: () => BrowserWindow | undefined): () => void {
  const progress = new RunProgress();

  const updateBar = () => {
    const window = mainWindow();
    if (!window || window.isDestroyed()) return;
    const bar = progress.bar();
    // -1 removes the bar; 'paused' is drawn by Windows only, the others show the plain bar.
    if (bar === undefined) window.setProgressBar(-1);
    else window.setProgressBar(bar.fraction, { mode: bar.paused ? 'paused' : 'normal' });
  };

  const seed = async (runId: string) => {
    const snapshot = await app.dispatch('run.open', { runId });
    if (!snapshot.ok) return; // The bar then counts only this start's tasks: a cosmetic loss.
    progress.seed(runId, (snapshot.value as RunSnapshot).tasks);
    updateBar();
  };

  const notify = (title: string, body: string) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    notification.on('click', () => {
      const window = mainWindow();
      if (!window || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.focus();
    });
    notification.show();
  };

  return app.subscribe((name, payload) => {
    if (name !== 'service.events') return;
    const { started, finished } = progress.apply(payload.events);
    for (const runId of started) void seed(runId);
    for (const event of finished) {
      const notice = runFinishedNotice(event);
      notify(notice.title, notice.body);
    }
    updateBar();
  });
}
