import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './web-host-fixture.ts';
import { expectCount, fillSettings, openPacer, pasteTopics, runStatus, SCREENSHOTS, simulatorEnv, startRun, statusCount } from './pacer-page.ts';

/**
 * The everyday path: paste a list (with a repeat and a blank line), set the limits, run, and watch
 * the tasks go from queued through running to done until the counts reach the total.
 */

// Half a second per request, so tasks are visibly `running` for a while.
test.use({ hostEnv: simulatorEnv({ latency: { firstTokenMs: 400, jitterMs: 100, tokensPerSecond: 4_000 } }) });

const TOPICS = [
  'Solar panels for beginners',
  'Home battery storage',
  '',
  'How heat pumps work',
  'solar panels  for beginners',
  'Insulating an attic',
  'Rainwater harvesting',
  'Choosing an e-bike',
  'Composting in small flats',
  'Induction vs gas hobs',
  'Draught-proofing windows',
  'Smart thermostats explained',
  'Community energy schemes',
  'Reading your electricity bill',
];
const UNIQUE = 12;
const DOCS = path.join(import.meta.dirname, '../../../docs');

test('pasted topics are counted, run under the chosen limits, and all end done', async ({ page, host }) => {
  await openPacer(page, host.url);
  await expect(page.getByTestId('run-blocked-reason')).toHaveText('Add topics to run.');
  await expect(page.getByTestId('run-button')).toBeDisabled();

  await pasteTopics(page, TOPICS);
  await expect(page.getByTestId('topics-count')).toHaveAttribute('data-count', String(UNIQUE));
  await expect(page.getByTestId('topics-duplicates')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('topics-empty')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('template-preview-text')).toHaveText('Write an SEO article about Solar panels for beginners.');

  await fillSettings(page, { rpm: '600', tpm: '200000', workers: 3, maxTokens: '200' });
  await expect(page.getByTestId('settings-workers')).toHaveValue('3');
  await expect(page.getByTestId('estimate')).toHaveAttribute('data-state', 'ready');
  // Both limits known: 12 requests fit in a minute's budget (no wait if the server takes it at
  // once), or take 1.1 s at the rate if it takes one at a time; the engine learns which.
  await expect(page.getByTestId('estimate-eta')).toHaveText(/^no wait to 1\.1 s \(bound by requests per minute\)/);
  await expect(page.getByTestId('estimate-tasks')).toHaveText(String(UNIQUE));
  await expect(page.getByTestId('run-blocked-reason')).toHaveCount(0);
  await expect(page.getByTestId('run-button')).toHaveText(`Run ${UNIQUE} topics`);
  if (SCREENSHOTS) {
    // Tall enough that the sticky run bar does not cover the rate limits.
    await page.setViewportSize({ width: 1440, height: 1180 });
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, 'setup.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  // Everything the user sees change, recorded by the page itself so no state is missed between polls.
  await page.evaluate(() => {
    const seen = { rowStatuses: [] as string[], maxRunning: 0 };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    const look = () => {
      for (const row of document.querySelectorAll('[data-testid="task-row"]')) {
        const status = row.getAttribute('data-status') ?? '';
        if (!seen.rowStatuses.includes(status)) seen.rowStatuses.push(status);
      }
      const running = Number(document.querySelector('[data-testid="status-count"][data-status="running"]')?.getAttribute('data-count') ?? 0);
      seen.maxRunning = Math.max(seen.maxRunning, running);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-count'] });
  });

  await startRun(page);
  await expect(page.getByTestId('task-row')).toHaveCount(UNIQUE);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
  await expect(page.locator('[data-testid="task-row"][data-status="running"]').first()).toBeVisible();
  // The pool never goes past the 3 workers asked for.
  await expect(page.getByTestId('live-workers')).toHaveValue('3');
  // Time and money in the header while it goes: requests a minute against the limit in force (the
  // simulator's 500 learned from its headers is lower than the 600 set).
  await expect(page.getByTestId('run-rate')).toHaveText(/^\d+ of 500$/);
  await expect(page.getByTestId('run-elapsed')).toHaveText(/\d+(\.\d)? (ms|s)$/);
  await expect(page.getByTestId('run-429s')).toHaveText('0');

  await expectCount(page, 'done', UNIQUE, 30_000);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('run-progress')).toHaveAttribute('aria-valuenow', String(UNIQUE));
  await expect(page.getByTestId('run-progress')).toHaveAttribute('aria-valuemax', String(UNIQUE));
  for (const status of ['queued', 'waiting', 'running', 'retrying', 'failed', 'cancelled', 'skipped']) await expectCount(page, status, 0);
  await expect(page.locator('[data-testid="task-row"][data-status="done"]')).toHaveCount(UNIQUE);

  const seen = await page.evaluate(() => (window as unknown as { __seen: { rowStatuses: string[]; maxRunning: number } }).__seen);
  expect(seen.rowStatuses).toEqual(expect.arrayContaining(['running', 'done']));
  expect(seen.maxRunning).toBeGreaterThanOrEqual(1);
  expect(seen.maxRunning).toBeLessThanOrEqual(3);
  await expect(statusCount(page, 'done')).toContainText(String(UNIQUE));

  // The end of the run in one card: every topic done, its cost, nothing retried, and the way to the articles.
  const summary = page.getByTestId('run-summary');
  await expect(summary).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('summary-done')).toHaveText(String(UNIQUE));
  await expect(page.getByTestId('summary-failed')).toHaveText('0');
  await expect(page.getByTestId('summary-retries')).toHaveText('0');
  await expect(page.getByTestId('summary-cost')).toHaveText(/^\$\d/);
  await expect(page.getByTestId('run-eta')).toHaveText('nothing');
  await expect(page.getByTestId('summary-where')).toContainText('export them to a folder');
  if (SCREENSHOTS) {
    await page.screenshot({ path: path.join(DOCS, 'summary.png') });
    // The same screen as a system in dark mode shows it: the theme follows prefers-color-scheme.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(DOCS, 'dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await page.getByTestId('summary-export').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
});
