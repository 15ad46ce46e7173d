import type { Page } from '@playwright/test';
import { expect, test } from './web-host-fixture.ts';
import { countOf, expectAtLeast, expectCount, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * Pause lets the requests in flight finish and starts nothing new until Resume; Cancel ends every
 * unfinished task as cancelled. Requests take about a second here so there is always something in
 * flight to pause or cancel.
 */

test.use({ hostEnv: simulatorEnv({ rpm: null, tpm: null, latency: { firstTokenMs: 900, jitterMs: 200, tokensPerSecond: 4_000 } }) });

const TOPICS = Array.from({ length: 16 }, (_, i) => `Slow topic ${i + 1}`);

async function startSlowRun(page: Page, url: string): Promise<void> {
  await openPacer(page, url);
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { workers: 3, maxTokens: '100' });
  await startRun(page);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
}

/**
 * Watches the counts in the page for `ms` and reports every value `running` and `done` took.
 * One second is ten of the host's 100 ms event batches, and a request here lasts about a second:
 * anything started in the window would show as running well within it.
 */
function watchCounts(page: Page, ms: number): Promise<{ running: string[]; done: string[] }> {
  return page.evaluate(
    (windowMs) =>
      new Promise((resolve) => {
        const seen = { running: [] as string[], done: [] as string[] };
        const read = () => {
          for (const status of ['running', 'done'] as const) {
            const value = document.querySelector(`[data-testid="status-count"][data-status="${status}"]`)?.getAttribute('data-count') ?? '?';
            if (seen[status].at(-1) !== value) seen[status].push(value);
          }
          for (const row of document.querySelectorAll('[data-testid="task-row"][data-status="running"]')) seen.running.push(`row ${row.getAttribute('data-task-id')}`);
        };
        read();
        const observer = new MutationObserver(read);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-count', 'data-status'] });
        setTimeout(() => {
          observer.disconnect();
          resolve(seen);
        }, windowMs);
      }),
    ms,
  );
}

/** Records, inside the page, every label the run's status badge shows and whether the probe was ever said. */
async function recordStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { labels: [] as string[], probing: false, freeWorker: false };
    (window as unknown as { __states: typeof seen }).__states = seen;
    const look = () => {
      const label = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-label');
      if (label && seen.labels.at(-1) !== label) seen.labels.push(label);
      if (document.querySelector('[data-testid="live-workers-state"][data-probing="true"]')) seen.probing = true;
      if (document.body.textContent?.includes('free worker')) seen.freeWorker = true;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

function recordedStates(page: Page): Promise<{ labels: string[]; probing: boolean; freeWorker: boolean }> {
  return page.evaluate(() => (window as unknown as { __states: { labels: string[]; probing: boolean; freeWorker: boolean } }).__states);
}

test('pause: in-flight requests finish, nothing new starts; resume completes the run', async ({ page, host }) => {
  await openPacer(page, host.url);
  await recordStates(page);
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { workers: 3, maxTokens: '100' });
  await startRun(page);
  await expectAtLeast(page, 'done', 2);
  await expectAtLeast(page, 'running', 1);

  await page.getByTestId('run-pause').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'paused');
  // Until the requests it let finish have finished, the run says it is pausing, and how many are left.
  await expect(runStatus(page)).toHaveAttribute('data-label', 'paused');
  const states = await recordedStates(page);
  expect(states.labels.slice(-3)).toEqual(['running', 'pausing', 'paused']);
  // The first request is a probe, and the workers held back meanwhile are said to wait for it.
  expect(states.probing).toBe(true);
  expect(states.freeWorker).toBe(false);
  await expect(page.getByTestId('run-resume')).toBeVisible();
  await expect(page.getByTestId('nav-run').getByLabel('paused')).toBeVisible();
  // What was in flight finishes (done, not cancelled) and the pool drains.
  await expectCount(page, 'running', 0);
  await expectCount(page, 'cancelled', 0);
  const doneAtRest = await countOf(page, 'done');
  expect(doneAtRest).toBeLessThan(TOPICS.length);

  const window = await watchCounts(page, 1_000);
  expect(window.running).toEqual(['0']);
  expect(window.done).toEqual([String(doneAtRest)]);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'paused');
  expect((await countOf(page, 'queued')) + (await countOf(page, 'waiting'))).toBe(TOPICS.length - doneAtRest);

  await page.getByTestId('run-resume').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
  await expectAtLeast(page, 'running', 1);
  await expectCount(page, 'done', TOPICS.length, 30_000);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('run-pause')).toHaveCount(0);
});

test('cancel: every unfinished task ends cancelled and the run says so', async ({ page, host }) => {
  await startSlowRun(page, host.url);
  await expectAtLeast(page, 'done', 1);
  await expectAtLeast(page, 'running', 1);

  await page.getByTestId('run-cancel').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'cancelled');
  for (const status of ['queued', 'waiting', 'running', 'retrying']) await expectCount(page, status, 0);
  const done = await countOf(page, 'done');
  expect(done).toBeGreaterThanOrEqual(1);
  await expectCount(page, 'cancelled', TOPICS.length - done);
  // Cancelled tasks are not finished: resuming sends them again.
  await expect(page.getByTestId('run-progress')).toHaveAttribute('aria-valuenow', String(done));
  await expect(page.getByTestId('run-progress-text')).toHaveText(`${done} / ${TOPICS.length} finished · ${Math.floor((done / TOPICS.length) * 100)}%`);

  // Filtering by status shows exactly the cancelled rows.
  await page.getByTestId('task-filter-status').selectOption('cancelled');
  await expect(page.getByTestId('task-shown-count')).toHaveText(`${TOPICS.length - done} of ${TOPICS.length}`);
  const rows = page.getByTestId('task-row');
  await expect(rows.first()).toHaveAttribute('data-status', 'cancelled');
  for (const status of await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-status')))) expect(status).toBe('cancelled');

  // Nothing can be paused any more; the run can be resumed from where it stopped.
  await expect(page.getByTestId('run-pause')).toHaveCount(0);
  await expect(page.getByTestId('run-cancel')).toHaveCount(0);
  await expect(page.getByTestId('run-start')).toHaveText('Resume run');
});
