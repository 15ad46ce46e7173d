import { expect, test } from './web-host-fixture.ts';
import { fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * The Simulator panel in Setup: it shows the built-in simulator's settings, refuses a bad value
 * inline, applies a preset to the simulator the runs use, and a run then meets what the preset
 * promises. "Flaky server" with the simulator's default seed drops the 14th admitted request, so
 * a run of 16 topics has a task that needed a second attempt, whatever the limiter does.
 */
test.use({ hostEnv: simulatorEnv({ latency: { firstTokenMs: 30, jitterMs: 20, tokensPerSecond: 2_000 } }) });

test('picks the "Flaky server" preset, and a run on the simulator then retries a dropped reply', async ({ page, host }) => {
  await openPacer(page, host.url);
  const panel = page.getByTestId('simulator-panel');
  await page.getByTestId('simulator-panel-toggle').click();
  // The settings the host started the simulator with: its defaults, and the latency set above.
  await expect(page.getByTestId('simulator-rpm')).toHaveValue('500');
  await expect(page.getByTestId('simulator-first-token')).toHaveValue('30');
  await expect(page.getByTestId('simulator-requests-shape-kind')).toHaveValue('bucket');

  // A bad value is caught as it is typed, and nothing can be applied meanwhile.
  await page.getByTestId('simulator-requests-shape-kind').selectOption('window');
  await page.getByTestId('simulator-requests-shape-seconds').fill('90');
  await expect(page.getByTestId('simulator-requests-shape-error')).toHaveText('Window seconds must be between 1 and 60, got 90');
  await expect(page.getByTestId('simulator-apply')).toBeDisabled();
  await page.getByTestId('simulator-server-errors').fill('80');
  await page.getByTestId('simulator-drops').fill('30');
  await expect(page.getByTestId('simulator-faults-error')).toContainText('must add up to at most 100 %, got 110 %');

  await page.getByTestId('simulator-preset-flaky').click();
  await expect(page.getByTestId('simulator-status')).toHaveText(/Applied Flaky server/);
  await expect(page.getByTestId('simulator-requests-shape-kind')).toHaveValue('bucket');
  await expect(page.getByTestId('simulator-drops')).toHaveValue('4');
  await expect(page.getByTestId('simulator-first-token')).toHaveValue('400');
  await expect(panel.locator('summary')).toContainText('500 RPM · 200,000 TPM · 60 s bucket · faults 17 %');

  await pasteTopics(page, Array.from({ length: 16 }, (_, i) => `Flaky topic ${i + 1}`));
  await fillSettings(page, { maxTokens: '20', workers: 4, maxAttempts: '6' });
  await startRun(page);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
  const retried = page.getByTestId('task-row').filter({ has: page.getByTestId('task-attempts').filter({ hasText: /^[2-9]$/ }) });
  await expect(retried.first()).toBeVisible({ timeout: 30_000 });
  await retried.first().click();
  // The first attempt broke off: a dropped connection, as the preset says.
  await expect(page.getByTestId('timeline-list')).toContainText(/Attempt 1 · failed · took .*The connection failed/);
  await page.getByTestId('run-cancel').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', /cancelled|completed/);
});

test('is only there while the simulator is the provider', async ({ page, host }) => {
  await openPacer(page, host.url);
  await expect(page.getByTestId('simulator-panel')).toBeVisible();
  await page.getByTestId('settings-provider').selectOption('openai');
  await expect(page.getByTestId('simulator-panel')).toHaveCount(0);
  await page.getByTestId('settings-provider').selectOption('simulator');
  await expect(page.getByTestId('simulator-panel')).toBeVisible();
});
