import { expect, test } from './web-host-fixture.ts';
import { expectCount, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * A budget as a user sets it in Setup: the run stops with "budget reached" having spent no more
 * than it, the header says how much of it is spent, and raising it in the banner resumes the run
 * to the end, in real Chromium against the web host and its built-in simulator.
 */
test.use({ hostEnv: simulatorEnv() });

const TOPICS = Array.from({ length: 10 }, (_, i) => `Budget topic ${i + 1}`);

test('a run stops at its budget; raising it in the banner resumes it to the end', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS);
  // 50 output tokens a request: ~3e-5 $ reserved, ~2.5e-5 $ billed; 0.00016 $ covers about half.
  await fillSettings(page, { maxTokens: '50', workers: 2 });
  await page.getByTestId('settings-budget').fill('0.00016');
  await startRun(page);

  await expect(runStatus(page)).toHaveAttribute('data-status', 'stopped');
  await expect(runStatus(page)).toHaveAttribute('data-label', 'budget reached');
  await expect(page.getByTestId('stopped-banner')).toHaveAttribute('data-code', 'budget_reached');
  await expect(page.getByTestId('stopped-message')).toContainText('Budget reached:');
  await expect(page.getByTestId('run-budget')).toContainText('of $0.00016');
  const done = Number(await page.locator('[data-testid="status-count"][data-status="done"]').getAttribute('data-count'));
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(TOPICS.length);

  await expect(page.getByTestId('raise-budget-input')).toHaveValue('0.00032');
  await page.getByTestId('raise-budget-input').fill('1');
  await page.getByTestId('raise-budget-resume').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  await expectCount(page, 'done', TOPICS.length);
  await expect(page.getByTestId('run-budget')).toContainText('of $1.00');
  await expect(page.getByTestId('stopped-banner')).toHaveCount(0);
});
