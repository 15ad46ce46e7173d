import type { Page } from '@playwright/test';
import { expect, test } from './web-host-fixture.ts';
import { expectAtLeast, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * The layout at the sizes people use: the task table keeps at least eight rows in view at
 * 1280×800 (the chart collapsed by default, one click away), and from 800×600 up nothing needs
 * sideways scrolling and the Run button and the rate-limit fields stay reachable.
 */

test.use({ hostEnv: simulatorEnv({ rpm: null, tpm: null, latency: { firstTokenMs: 400, jitterMs: 100, tokensPerSecond: 4_000 } }) });

// More than the test can get through: the run is still going whenever a step needs it to be.
const TOPICS = Array.from({ length: 200 }, (_, i) => `Layout topic ${i + 1}`);

/** Task rows wholly inside both the table's scroll box and the window. */
function visibleRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const box = document.querySelector('[data-testid="task-table-scroll"]')!.getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="task-row"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.bottom <= window.innerHeight;
    }).length;
  });
}

/** How far the page scrolls sideways: 0 when everything fits. */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const widest = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth, document.querySelector('.app-main')!.scrollWidth);
    return widest - document.documentElement.clientWidth;
  });
}

/** The element is inside the window and not covered by anything else (the sticky run bar). */
async function expectUncovered(page: Page, testId: string): Promise<void> {
  const locator = page.getByTestId(testId);
  await locator.scrollIntoViewIfNeeded();
  const topmost = await locator.evaluate((element) => {
    const r = element.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.bottom <= window.innerHeight && r.right <= window.innerWidth && (hit === element || element.contains(hit));
  });
  expect(topmost, `${testId} is in view and not covered`).toBe(true);
}

test('at 1280×800 the task table shows at least eight rows while the run goes; the chart opens on demand', async ({ page, host }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { workers: 2, maxTokens: '60' });
  await startRun(page);
  await expectAtLeast(page, 'done', 1);
  await expect(page.getByTestId('chart-card')).not.toHaveAttribute('open');
  expect(await visibleRows(page)).toBeGreaterThanOrEqual(8);

  await page.getByTestId('chart-toggle').click();
  await expect(page.getByTestId('run-chart')).toBeVisible();
  await page.getByTestId('chart-toggle').click();
  await expect(page.getByTestId('run-chart')).toHaveCount(0);

  await page.getByTestId('run-cancel').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'cancelled');
  // The end-of-run summary takes room, but the table keeps its eight rows.
  await expect(page.getByTestId('run-summary')).toBeVisible();
  await page.locator('.run-main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
  expect(await visibleRows(page)).toBeGreaterThanOrEqual(8);
});

test('from 800×600 up nothing scrolls sideways, the Run button and the rate limits stay reachable, the task detail opens over the table', async ({ page, host }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS);
  // The sticky run bar is one line: the rate-limit fields are never under it.
  const bar = await page.getByTestId('run-bar').boundingBox();
  expect(bar!.height).toBeLessThanOrEqual(90);
  for (const field of ['settings-rpm', 'settings-tpm', 'settings-max-attempts']) await expectUncovered(page, field);

  await page.setViewportSize({ width: 800, height: 600 });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await expectUncovered(page, 'run-button');
  for (const field of ['settings-rpm', 'settings-template', 'run-name-input']) await expectUncovered(page, field);

  await fillSettings(page, { workers: 2, maxTokens: '60' });
  await startRun(page);
  await expectAtLeast(page, 'done', 1);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await expectUncovered(page, 'run-cancel');
  await page.getByTestId('task-row').first().click();
  await expect(page.getByTestId('task-detail')).toBeVisible();
  await expectUncovered(page, 'task-detail-close');
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await page.getByTestId('task-detail-close').click();

  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await expectUncovered(page, 'history-open');
});
