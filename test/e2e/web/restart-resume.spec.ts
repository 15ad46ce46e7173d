import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './web-host-fixture.ts';
import { chooseFolder, countOf, expectAtLeast, expectCount, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * The web host stops in the middle of a run: gracefully (Ctrl-C, SIGINT: the run is cancelled
 * and can be resumed) or by a crash (SIGKILL: the run is found interrupted on the next start).
 * The user loads the new URL, finds the run in History (or the interrupted banner), resumes it,
 * and every topic ends done exactly once: tasks done before the stop are not sent again, and the
 * output folder holds one article per topic.
 */

test.use({ hostEnv: simulatorEnv({ rpm: null, tpm: null, latency: { firstTokenMs: 700, jitterMs: 300, tokensPerSecond: 4_000 } }) });

const TOPICS = Array.from({ length: 12 }, (_, i) => `Resumable topic ${String(i + 1).padStart(2, '0')}`);

async function startRunWithOutput(page: Page, url: string, folder: string): Promise<string> {
  await openPacer(page, url);
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { workers: 3, maxTokens: '100' });
  await chooseFolder(page, 'output-folder', folder);
  const runId = await startRun(page);
  await expectAtLeast(page, 'done', 3);
  await expectAtLeast(page, 'running', 1);
  return runId;
}

/** Task id -> attempts, for every row shown as done. */
async function doneAttempts(page: Page): Promise<Record<string, string>> {
  const rows = page.locator('[data-testid="task-row"][data-status="done"]');
  return Object.fromEntries(
    await rows.evaluateAll((all) => all.map((row) => [row.getAttribute('data-task-id') ?? '', row.querySelector('[data-testid="task-attempts"]')?.textContent ?? ''])),
  );
}

/** Every topic has exactly one article in the folder, whose front matter names it. */
function expectOneArticlePerTopic(folder: string): void {
  const files = readdirSync(folder).filter((name) => name.endsWith('.md'));
  const topics = files.map((name) => {
    const line = readFileSync(path.join(folder, name), 'utf8').split('\n').find((l) => l.startsWith('topic: '))!;
    return JSON.parse(line.slice('topic: '.length)) as string;
  });
  expect(files).toHaveLength(TOPICS.length);
  expect(topics.sort()).toEqual([...TOPICS].sort());
}

async function expectResumedToCompletion(page: Page, before: Record<string, string>): Promise<void> {
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');
  await expectCount(page, 'done', TOPICS.length, 30_000);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  for (const status of ['cancelled', 'failed', 'skipped']) await expectCount(page, status, 0);
  // Done before the stop = not sent again: the same attempt count as then.
  const after = await doneAttempts(page);
  for (const [taskId, attempts] of Object.entries(before)) expect(after[taskId], `attempts of ${taskId}, done before the stop`).toBe(attempts);
}

test('Ctrl-C (SIGINT) mid-run: the run is cancelled; resumed from History it completes, each topic once', async ({ page, host }) => {
  const folder = path.join(host.dataDir, 'articles');
  const runId = await startRunWithOutput(page, host.url, folder);

  const url = await host.restart();
  // The old page notices at once that its host is gone.
  await expect(page.getByTestId('disconnected-banner')).toBeVisible();
  // Whatever finished while the host stopped also counts as done before the resume.
  await openPacer(page, url);
  await page.getByTestId('nav-history').click();
  const row = page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('interrupted-banner')).toHaveCount(0);
  await row.getByTestId('history-open').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'cancelled');
  const doneBefore = await countOf(page, 'done');
  expect(doneBefore).toBeGreaterThanOrEqual(3);
  expect(doneBefore).toBeLessThan(TOPICS.length);
  await expectCount(page, 'cancelled', TOPICS.length - doneBefore);
  const before = await doneAttempts(page);
  expect(Object.keys(before)).toHaveLength(doneBefore);

  await page.getByTestId('nav-history').click();
  await row.getByTestId('history-resume').click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runId);
  await expectResumedToCompletion(page, before);
  expectOneArticlePerTopic(folder);

  await page.getByTestId('nav-history').click();
  await expect(row).toHaveAttribute('data-status', 'completed');
  await expect(row).toContainText(`${TOPICS.length} / ${TOPICS.length}`);
});

test('a crash (SIGKILL) mid-run: the run is interrupted; the banner resumes it and it completes, each topic once', async ({ page, host }) => {
  const folder = path.join(host.dataDir, 'articles');
  const runId = await startRunWithOutput(page, host.url, folder);

  await host.stop('SIGKILL');
  await expect(page.getByTestId('disconnected-banner')).toBeVisible();
  const url = await host.restart();
  await openPacer(page, url);

  const banner = page.getByTestId('interrupted-banner');
  await expect(banner).toContainText('A run was interrupted when Pacer last stopped');
  await page.getByTestId('nav-history').click();
  await expect(page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`)).toHaveAttribute('data-status', 'interrupted');
  await page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`).getByTestId('history-open').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'interrupted');
  const doneBefore = await countOf(page, 'done');
  expect(doneBefore).toBeGreaterThanOrEqual(3);
  const before = await doneAttempts(page);

  const resume = page.locator(`[data-testid="interrupted-resume"][data-run-id="${runId}"]`);
  await expect(resume).toContainText(`${doneBefore}/${TOPICS.length}`);
  await resume.click();
  await expect(page.getByTestId('run-view')).toHaveAttribute('data-run-id', runId);
  await expect(banner).toHaveCount(0);
  await expectResumedToCompletion(page, before);
  expectOneArticlePerTopic(folder);
});
