import { expect, test } from './web-host-fixture.ts';
import { countOf, expectAtLeast, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * A window that opens while a run is going (a reload, a second window) lands on that run's live
 * view within a second, and the Setup draft (topics, template, limits) survives the reload.
 * Requests take about half a second and two run at once, so the run outlasts every step here.
 */

test.use({ hostEnv: simulatorEnv({ rpm: null, tpm: null, latency: { firstTokenMs: 450, jitterMs: 100, tokensPerSecond: 4_000 } }) });

const TOPICS = Array.from({ length: 60 }, (_, i) => `Reattached topic ${i + 1}`);
const TEMPLATE = 'Write a short guide to {{topic}} for beginners.';

test('a reload mid-run reattaches to the live run within a second, and the Setup draft survives it', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { workers: 2, maxTokens: '60', template: TEMPLATE, rpm: '600' });
  const runId = await startRun(page);
  await expectAtLeast(page, 'done', 1);

  await page.reload();
  // The first frames already show the run, not Setup.
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runId, { timeout: 1_000 });
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('nav-run')).toBeEnabled();
  // Live: the counts go on moving after the reload.
  const doneAfterReload = await countOf(page, 'done');
  await expectAtLeast(page, 'done', doneAfterReload + 2);

  // Setup still holds what was typed before the reload; the going run is one click away.
  await page.getByTestId('nav-setup').click();
  await expect(page.getByTestId('topics-input')).toHaveValue(TOPICS.join('\n'));
  await expect(page.getByTestId('settings-template')).toHaveValue(TEMPLATE);
  await expect(page.getByTestId('settings-rpm')).toHaveValue('600');
  await expect(page.getByTestId('topics-count')).toHaveAttribute('data-count', String(TOPICS.length));
  const banner = page.getByTestId('going-run-banner');
  await expect(banner).toHaveAttribute('data-run-id', runId);
  await expect(banner).toContainText('is running');
  await page.getByTestId('going-run-show').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runId);
  await expect(banner).toHaveCount(0);
});

test('a second window opened mid-run shows the same live run', async ({ page, host, context }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS.slice(0, 30));
  await fillSettings(page, { workers: 2, maxTokens: '60' });
  const runId = await startRun(page);
  await expectAtLeast(page, 'done', 1);

  const second = await context.newPage();
  await second.goto(host.url);
  await expect(second.getByTestId('run-view')).toHaveAttribute('data-run-id', runId, { timeout: 1_000 });
  await expect(runStatus(second)).toHaveAttribute('data-status', 'running');
  // Both windows follow the run to its end.
  await expect(runStatus(second)).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  expect(await countOf(second, 'done')).toBe(30);
});
