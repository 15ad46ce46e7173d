import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './web-host-fixture.ts';
import { countOf, expectAtLeast, expectCount, fillSettings, openPacer, pasteTopics, runStatus, SCREENSHOTS, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * History: every run with its status and counts, newest first, and what can be done from there:
 * resume a cancelled run, duplicate a run into a new one ready to start, delete a run after
 * confirming. Half the requests fail with a 500 here, and one attempt is allowed, so a run ends
 * with failures (and the Retry failed offer).
 */

test.use({ hostEnv: simulatorEnv({ seed: 7, faults: { serverErrorRate: 0.5 }, latency: { firstTokenMs: 120, jitterMs: 30, tokensPerSecond: 5_000 } }) });

const DOCS = path.join(import.meta.dirname, '../../../docs');

async function newRun(page: Page, topics: readonly string[], workers: number): Promise<string> {
  await page.getByTestId('nav-setup').click();
  await pasteTopics(page, topics);
  await fillSettings(page, { workers, maxAttempts: '1', maxTokens: '80' });
  return startRun(page);
}

test('history lists runs with their status and counts; duplicate and delete work from there', async ({ page, host }) => {
  await openPacer(page, host.url);
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-empty')).toBeVisible();

  const guides = Array.from({ length: 8 }, (_, i) => `Guide ${i + 1}`);
  const first = await newRun(page, guides, 1);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  const failed = await countOf(page, 'failed');
  expect(failed, 'half the requests fail with a 500 and one attempt is allowed').toBeGreaterThan(0);
  await expectCount(page, 'done', guides.length - failed);
  await expect(page.getByTestId('run-retry-failed')).toHaveText(`Retry ${failed} failed`);

  const second = await newRun(page, Array.from({ length: 12 }, (_, i) => `Note ${i + 1}`), 1);
  await expectAtLeast(page, 'done', 1);
  await page.getByTestId('run-cancel').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'cancelled');

  await page.getByTestId('nav-history').click();
  const rows = page.getByTestId('history-row');
  // Newest first.
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-run-id', second);
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'cancelled');
  await expect(rows.nth(1)).toHaveAttribute('data-run-id', first);
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'completed');
  await expect(rows.nth(1)).toContainText(`${guides.length - failed} / ${guides.length}`);
  await expect(rows.nth(1)).toContainText(`${failed} failed`);
  await expect(rows.nth(0).getByTestId('history-resume')).toHaveText('Resume');
  await expect(rows.nth(1).getByTestId('history-resume')).toHaveCount(0);
  // Retrying failed topics is offered where there are some (retry-failed.spec.ts follows it through).
  await expect(rows.nth(1).getByTestId('history-retry-failed')).toBeVisible();

  // Duplicate: a new run with the same topics, created and ready to start.
  await rows.nth(1).getByTestId('history-duplicate').click();
  const copyView = page.getByTestId('run-view');
  await expect(copyView).not.toHaveAttribute('data-run-id', first);
  const copy = await copyView.getAttribute('data-run-id');
  await expect(runStatus(page)).toHaveAttribute('data-status', 'created');
  await expect(page.getByTestId('run-start')).toHaveText('Start');
  await expectCount(page, 'queued', guides.length);
  await page.getByTestId('nav-history').click();
  await expect(rows).toHaveCount(3);
  await expect(page.locator(`[data-testid="history-row"][data-run-id="${copy}"]`)).toHaveAttribute('data-status', 'created');
  if (SCREENSHOTS) {
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, 'history.png') });
  }

  // Delete asks first; "Keep" keeps it.
  await page.getByTestId('nav-history').click();
  const copyRow = page.locator(`[data-testid="history-row"][data-run-id="${copy}"]`);
  await copyRow.getByTestId('history-delete').click();
  await copyRow.getByTestId('history-delete-cancel').click();
  await expect(rows).toHaveCount(3);
  await copyRow.getByTestId('history-delete').click();
  await copyRow.getByTestId('history-delete-confirm').click();
  await expect(rows).toHaveCount(2);
  await expect(copyRow).toHaveCount(0);
});
