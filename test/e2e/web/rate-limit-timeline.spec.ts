import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './web-host-fixture.ts';
import { expectAtLeast, fillSettings, openPacer, pasteTopics, runStatus, SCREENSHOTS, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * A server whose real limit the client cannot learn (Azure-style headers: -1 for limit and
 * remaining, no reset) and a user who set the RPM far too high: requests get 429s. The user opens
 * a task that needed more than one attempt and its timeline shows the 429 and who decided the wait
 * that followed (the server's retry-after, or the shared cool-down it triggered).
 */

test.use({
  hostEnv: simulatorEnv({
    rpm: 20,
    burstSeconds: 3,
    headerStyle: 'azure-missing',
    latency: { firstTokenMs: 40, jitterMs: 20, tokensPerSecond: 4_000 },
  }),
});

const DOCS = path.join(import.meta.dirname, '../../../docs');

test('429s from an unlearnable limit show in the chart and in a retried task\'s timeline; the RPM can be lowered live', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, Array.from({ length: 16 }, (_, i) => `Rate-limited topic ${i + 1}`));
  await fillSettings(page, { rpm: '600', workers: 4, maxTokens: '150', maxAttempts: '10' });
  // Every row that shows an error, as the page draws it: only a task failing or waiting to retry may.
  await page.evaluate(() => {
    const stale: string[] = [];
    (window as unknown as { __staleErrors: string[] }).__staleErrors = stale;
    new MutationObserver(() => {
      for (const row of document.querySelectorAll('[data-testid="task-row"]')) {
        const status = row.getAttribute('data-status') ?? '';
        const error = row.querySelector('[data-testid="task-error"]')?.textContent ?? '';
        if (error !== '' && status !== 'failed' && status !== 'retrying') stale.push(`${status}: ${error}`);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
  });
  await startRun(page);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');

  // A task that needed a second attempt: its attempts cell reads 2 or more.
  const retried = page.getByTestId('task-row').filter({ has: page.getByTestId('task-attempts').filter({ hasText: /^([2-9]|\d\d+)$/ }) });
  await expect(retried.first()).toBeVisible({ timeout: 30_000 });
  // The chart is collapsed by default; its summary line counts the 429s all the same.
  await expect(page.getByTestId('chart-toggle')).toContainText('× 429');
  await page.getByTestId('chart-toggle').click();
  await expect(page.getByTestId('chart-429').first()).toBeVisible();
  await expect(page.getByTestId('run-chart')).toContainText('429 marked in red');

  const row = retried.first();
  const taskId = await row.getAttribute('data-task-id');
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByTestId('task-detail');
  await expect(detail).toHaveAttribute('data-task-id', taskId!);

  const timeline = page.getByTestId('retry-timeline');
  await expect(timeline.locator('[data-testid="timeline-mark"][data-kind="429"]').first()).toBeVisible();
  await expect(timeline.locator('[data-testid="timeline-attempt"][data-outcome="failed"]').first()).toBeAttached();
  const waits = timeline.locator('[data-testid="timeline-wait"][data-source="retry_after"], [data-testid="timeline-wait"][data-source="cooldown"]');
  await expect(waits.first()).toBeAttached();
  await expect(page.getByTestId('timeline-list')).toContainText(/Waited .*: (server retry-after|shared cool-down)/);
  await expect(page.getByTestId('timeline-list')).toContainText(/Attempt \d+ · failed · took .* · 429: Rate limit reached/);

  if (SCREENSHOTS) {
    // Mid-run: the counts, the chart with its 429 marks, and the open timeline of a retried task.
    // Taller than the test viewport so header, chart and table fit in one picture.
    await expectAtLeast(page, 'done', 2);
    await page.setViewportSize({ width: 1440, height: 1180 });
    await page.locator('.app-main').evaluate((main) => main.scrollTo(0, 0));
    if ((await detail.getByTestId('task-detail-status').getAttribute('data-status')) === 'done') await expect(page.getByTestId('article-preview')).toBeVisible();
    await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, 'run-live.png') });
  }

  // The user lowers the RPM while the run goes: the new limit is what the run then shows in force.
  await expect(page.getByTestId('live-rpm')).toHaveValue('600');
  await expect(page.getByTestId('chart-limit').first()).toBeAttached();
  await page.getByTestId('live-rpm').fill('abc');
  await expect(page.getByTestId('live-rpm-error')).toContainText('must be a number');
  await expect(page.getByTestId('live-apply')).toBeDisabled();
  await page.getByTestId('live-rpm').fill('20');
  await page.getByTestId('live-apply').click();
  await expect(page.getByTestId('live-apply')).toBeDisabled();
  await expect(page.getByTestId('live-rpm')).toHaveValue('20');
  // A fixed pool size applied stays in the field (it used to snap back to the setting at start).
  await page.getByTestId('live-workers').fill('2');
  await page.getByTestId('live-apply').click();
  await expect(page.getByTestId('live-apply')).toBeDisabled();
  await expect(page.getByTestId('live-workers')).toHaveValue('2');
  await expect(page.getByTestId('live-workers-state')).toContainText('2 allowed');
  // A task on a new attempt never showed the previous attempt's 429 as its error.
  expect(await page.evaluate(() => (window as unknown as { __staleErrors: string[] }).__staleErrors)).toEqual([]);

  await page.getByTestId('run-cancel').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'cancelled');

  // History tells this run apart: its name (its first topic), how long it ran, what it cost, its 429s.
  const runId = await page.getByTestId('run-view').getAttribute('data-run-id');
  const chartRequests = await page.getByTestId('chart-bar').count();
  await page.reload();
  await page.getByTestId('nav-history').click();
  const historyRow = page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`);
  await expect(historyRow.getByTestId('history-name')).toHaveText('Rate-limited topic 1');
  await expect(historyRow.getByTestId('history-duration')).toHaveText(/^\d+(\.\d)? s$|min/);
  await expect(historyRow.getByTestId('history-cost')).toHaveText(/^\$/);
  expect(Number(await historyRow.getByTestId('history-429').getAttribute('data-count'))).toBeGreaterThan(0);
  await historyRow.getByTestId('history-name-rename').click();
  await historyRow.getByTestId('history-name-input').fill('Unlearnable limit test');
  await historyRow.getByTestId('history-name-input').press('Enter');
  await expect(historyRow.getByTestId('history-name')).toHaveText('Unlearnable limit test');

  // Opened after the reload, the past run's chart is drawn from its stored attempts, 429s included.
  await historyRow.getByTestId('history-open').click();
  await expect(page.getByTestId('run-name')).toHaveText('Unlearnable limit test');
  // Opened once, the chart stays open for the next run shown.
  await expect(page.getByTestId('chart-card')).toHaveAttribute('open', '');
  await expect(page.getByTestId('chart-429').first()).toBeVisible();
  expect(await page.getByTestId('chart-bar').count()).toBeGreaterThanOrEqual(Math.min(chartRequests, 1));
});
