import { startSimulator } from '../../../electron/providers/simulator/start-simulator.ts';
import type { RunningSimulator } from '../../../electron/providers/simulator/start-simulator.ts';
import type { Page } from '@playwright/test';
import { expect, test } from './web-host-fixture.ts';
import { expectCount, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * A custom OpenAI-compatible server that wants a key, and a user who saved the wrong one. The run
 * must stop on the first 401 (not burn through every topic and retry) and tell the user to check
 * the key; with the right key saved, resuming finishes the run.
 */

test.use({ hostEnv: simulatorEnv() });

let server: RunningSimulator;
test.beforeEach(async () => {
  server = await startSimulator({ apiKeys: ['sk-good-0123456789'], latency: { firstTokenMs: 20, jitterMs: 10, tokensPerSecond: 5_000 } });
});
test.afterEach(async () => {
  await server.close();
});

const TOPICS = ['Key rotation', 'Secrets in CI', 'Least privilege', 'Audit logs', 'Token scopes', 'Revoking access'];

test('a wrong key stops the run after one request, with advice; the right key then finishes it', async ({ page, host }) => {
  await openPacer(page, host.url);
  await page.getByTestId('settings-provider').selectOption('custom');
  await expect(page.getByTestId('key-status')).toHaveText('No key set: this provider needs one.');
  await page.getByTestId('settings-base-url').fill('localhost:1234');
  await expect(page.getByTestId('settings-base-url-error')).toContainText('must start with http:// or https://');
  await page.getByTestId('settings-base-url').fill(server.url);
  await expect(page.getByTestId('settings-base-url-error')).toHaveCount(0);

  // Too short to be a key: refused inline, nothing saved.
  await page.getByTestId('api-key-input').fill('sk-x');
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('api-key-error')).toContainText('too short');
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-key-set', 'false');

  await page.getByTestId('api-key-input').fill('sk-wrong-0123456789');
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-key-set', 'true');
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-storage', 'memory');
  await expect(page.getByTestId('key-warning')).toContainText('forgotten when the Pacer web host stops');
  await expect(page.getByTestId('api-key-input')).toHaveValue('');
  await expect(page.getByTestId('api-key-error')).toHaveCount(0);

  await pasteTopics(page, TOPICS);
  await startRun(page);
  const banner = page.getByTestId('stopped-banner');
  await expect(banner).toHaveAttribute('data-code', 'invalid_api_key');
  await expect(runStatus(page)).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('stopped-message')).toContainText('API key');
  await expect(page.getByTestId('stopped-advice')).toHaveText('Check the API key in Settings, then resume the run.');
  await expect(page.getByTestId('stopped-open-settings')).toBeVisible();
  // The key is never echoed back to the page.
  await expect(page.getByTestId('app')).not.toContainText('sk-wrong-0123456789');

  const stats = server.stats();
  expect(stats.requests, 'requests the server saw with the wrong key').toBe(1);
  expect(stats.authErrors).toBe(1);
  expect(stats.inFlight).toBe(0);
  await expectCount(page, 'done', 0);

  // Fix the key where the banner points, then resume: only now do the articles get written.
  await page.getByTestId('stopped-open-settings').click();
  await page.getByTestId('api-key-input').fill('sk-good-0123456789');
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-key-set', 'true');
  await page.getByTestId('nav-run').click();
  await expect(page.getByTestId('run-start')).toHaveText('Resume run');
  await page.getByTestId('run-start').click();
  await expectCount(page, 'done', TOPICS.length);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('stopped-banner')).toHaveCount(0);
  expect(server.stats().succeeded).toBe(TOPICS.length);
});

/** A run that used up its quota after 3 articles: stopped, with the billing advice. */
async function runOutOfQuota(page: Page, url: string): Promise<void> {
  server.update({ quotaRequests: 3, apiKeys: null });
  await openPacer(page, url);
  await page.getByTestId('settings-provider').selectOption('custom');
  await page.getByTestId('settings-base-url').fill(server.url);
  await page.getByTestId('api-key-input').fill('sk-any-0123456789');
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-key-set', 'true');
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { workers: 1 });
  await startRun(page);
  await expect(page.getByTestId('stopped-banner')).toHaveAttribute('data-code', 'insufficient_quota');
  await expect(runStatus(page)).toHaveAttribute('data-status', 'stopped');
  await expectCount(page, 'done', 3);
}

test('quota used up: the run stops at the first insufficient_quota, with billing advice and a Resume button', async ({ page, host }) => {
  await runOutOfQuota(page, host.url);
  await expect(page.getByTestId('stopped-message')).toContainText('quota');
  await expect(page.getByTestId('stopped-advice')).toHaveText('Check your plan and billing, then resume.');
  await expect(page.getByTestId('stopped-resume')).toBeVisible();
  await expectCount(page, 'failed', 0);
  expect(server.stats().quotaErrors, 'no request after the first insufficient_quota').toBe(1);
  expect(server.stats().requests).toBe(4);
});

test('with quota again, the banner\'s Resume finishes the run and the open view follows it', async ({ page, host }) => {
  await runOutOfQuota(page, host.url);
  server.update({ quotaRequests: null });
  await page.getByTestId('stopped-resume').click();
  // The server finishes the run…
  await expect.poll(() => server.stats().succeeded).toBe(TOPICS.length);
  // …and the view should say so within a batch or two.
  await expectCount(page, 'done', TOPICS.length, 5_000);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('stopped-banner')).toHaveCount(0);
});
