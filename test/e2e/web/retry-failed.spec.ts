import type { Page } from '@playwright/test';
import { startSimulator } from '../../../electron/providers/simulator/start-simulator.ts';
import type { RunningSimulator } from '../../../electron/providers/simulator/start-simulator.ts';
import { expect, test } from './web-host-fixture.ts';
import { countOf, expectCount, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * "Retry failed" on a finished run: only the failed topics are sent again. The server is a
 * simulator in this process, so the test can make it fail half the requests for the first pass
 * and none for the retry, and count what it received.

 * A restarted run's engine goes on numbering its events where the previous one stopped, so the
 * open run view follows the retry without reopening the run.
 */

test.use({ hostEnv: simulatorEnv() });


const TOPICS = Array.from({ length: 8 }, (_, i) => `Flaky-server topic ${i + 1}`);
const KEY = 'sk-e2e-0123456789';

let server: RunningSimulator;
test.beforeEach(async () => {
  server = await startSimulator({ seed: 3, faults: { serverErrorRate: 0.5 }, latency: { firstTokenMs: 20, jitterMs: 10, tokensPerSecond: 5_000 } });
});
test.afterEach(async () => {
  await server.close();
});

/** A finished run with some failed topics; the server then stops failing. Returns the run id and how many failed. */
async function runWithFailures(page: Page, url: string): Promise<{ runId: string; failed: number }> {
  await openPacer(page, url);
  await page.getByTestId('settings-provider').selectOption('custom');
  await page.getByTestId('settings-base-url').fill(server.url);
  await page.getByTestId('api-key-input').fill(KEY);
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-key-set', 'true');
  await pasteTopics(page, TOPICS);
  // One worker: the simulator's seeded faults then hit the same topics every time.
  await fillSettings(page, { workers: 1, maxAttempts: '1', maxTokens: '80' });
  const runId = await startRun(page);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  const failed = await countOf(page, 'failed');
  expect(failed, 'the seeded faults fail some topics').toBeGreaterThan(0);
  await expectCount(page, 'done', TOPICS.length - failed);
  expect(server.stats().requests).toBe(TOPICS.length);
  server.update({ faults: { serverErrorRate: 0 } });
  return { runId, failed };
}

/** The server has answered every retried topic: the truth the UI should then show. */
async function serverFinished(failed: number): Promise<void> {
  await expect.poll(() => server.stats().succeeded).toBe(TOPICS.length);
  expect(server.stats().requests, 'only the failed topics are sent again').toBe(TOPICS.length + failed);
}

test('retry failed from History: only the failed topics are sent, and History shows them all done', async ({ page, host }) => {
  const { runId, failed } = await runWithFailures(page, host.url);
  await page.getByTestId('nav-history').click();
  const row = page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`);
  await expect(row).toContainText(`${failed} failed`);
  await row.getByTestId('history-retry-failed').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runId);
  await serverFinished(failed);

  await page.getByTestId('nav-history').click();
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row).toContainText(`${TOPICS.length} / ${TOPICS.length}`);
  await expect(row.getByTestId('history-retry-failed')).toHaveCount(0);
});

test('after "Retry failed" in the run view, the open run view follows the retried tasks', async ({ page, host }) => {
  const { failed } = await runWithFailures(page, host.url);
  await page.getByTestId('run-retry-failed').click();
  await serverFinished(failed);
  // The last events leave main within one 100 ms batch of the last reply: 5 s is plenty.
  await expectCount(page, 'done', TOPICS.length, 5_000);
  await expectCount(page, 'failed', 0, 1_000);
});

test('"Run again" on a done task of a finished run: its row shows the new attempt', async ({ page, host }) => {
  const { failed } = await runWithFailures(page, host.url);
  const done = page.locator('[data-testid="task-row"][data-status="done"]').first();
  const taskId = await done.getAttribute('data-task-id');
  await done.click();
  await page.getByTestId('task-retry').click();
  await expect.poll(() => server.stats().succeeded).toBe(TOPICS.length - failed + 1);
  await expect(page.locator(`[data-testid="task-row"][data-task-id="${taskId}"] [data-testid="task-attempts"]`)).toHaveText('2', { timeout: 5_000 });
});
