import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

/**
 * What a user does on Pacer's screens, in one place, so every spec reads as steps and waits on
 * what the page shows (attributes, counts), never on time.
 */

/** The simulator options every spec starts from: replies in tens of milliseconds. */
export const FAST_SIMULATOR = { latency: { firstTokenMs: 30, jitterMs: 20, tokensPerSecond: 2_000 } } as const;

/** The host's environment for a simulator with these options; no key from the developer's shell leaks in. */
export function simulatorEnv(options: object = FAST_SIMULATOR): Record<string, string> {
  return { PACER_SIMULATOR: JSON.stringify(options), OPENAI_API_KEY: '' };
}

/**
 * Opens the page and waits until it has booted: the first three calls the renderer makes
 * (app.info, settings.load, runs.list) have been answered. Until then saved settings could still
 * land on top of whatever the test types.
 */
export async function openPacer(page: Page, url: string): Promise<void> {
  const booted = new Promise<void>((resolve) => {
    page.on('websocket', (socket) => {
      const answered = new Set<number>();
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string') return;
        const message = JSON.parse(payload) as { kind?: string; id?: number };
        if (message.kind === 'result' && typeof message.id === 'number' && message.id <= 3) answered.add(message.id);
        if (answered.size === 3) resolve();
      });
    });
  });
  await page.goto(url);
  await booted;
  await expect(page.getByTestId('app')).toBeVisible();
}

export async function pasteTopics(page: Page, topics: readonly string[] | string): Promise<void> {
  await page.getByTestId('topics-input').fill(typeof topics === 'string' ? topics : topics.join('\n'));
}

/** Sets the run settings a test cares about, as typed into the form. */
export async function fillSettings(
  page: Page,
  settings: { rpm?: string; tpm?: string; workers?: number | 'auto'; maxTokens?: string; maxAttempts?: string; template?: string },
): Promise<void> {
  if (settings.rpm !== undefined) await page.getByTestId('settings-rpm').fill(settings.rpm);
  if (settings.tpm !== undefined) await page.getByTestId('settings-tpm').fill(settings.tpm);
  if (settings.maxTokens !== undefined) await page.getByTestId('settings-max-tokens').fill(settings.maxTokens);
  if (settings.maxAttempts !== undefined) await page.getByTestId('settings-max-attempts').fill(settings.maxAttempts);
  if (settings.template !== undefined) await page.getByTestId('settings-template').fill(settings.template);
  if (settings.workers !== undefined) {
    if (settings.workers === 'auto') {
      await page.getByTestId('settings-workers-mode').selectOption('auto');
    } else {
      await page.getByTestId('settings-workers-mode').selectOption('fixed');
      await page.getByTestId('settings-workers').fill(String(settings.workers));
    }
  }
}

/**
 * Chooses a folder as a web user does: Choose… opens main's folder browser, the path is typed
 * there, and "Use this folder" hands the folder main granted back to the field.
 */
export async function chooseFolder(page: Page, fieldTestId: string, folder: string): Promise<void> {
  await page.getByTestId(`${fieldTestId}-choose`).click();
  const path = page.getByTestId('folder-browser-path');
  await expect(page.getByTestId('folder-browser-listing')).toBeVisible();
  await path.fill(folder);
  await path.press('Enter');
  await expect(page.getByTestId('folder-browser-current')).toHaveText(folder);
  await page.getByTestId('folder-browser-use').click();
  await expect(page.getByTestId('folder-browser')).toHaveCount(0);
  await expect(page.getByTestId(fieldTestId)).toHaveAttribute('data-path', folder);
}

/** Clicks Run and waits for the run view of the new run; returns its id. */
export async function startRun(page: Page): Promise<string> {
  const button = page.getByTestId('run-button');
  await expect(button).toBeEnabled();
  await button.click();
  const view = page.getByTestId('run-view');
  await expect(view).toBeVisible();
  const runId = await view.getAttribute('data-run-id');
  expect(runId).toBeTruthy();
  return runId!;
}

export function statusCount(page: Page, status: string): Locator {
  return page.locator(`[data-testid="status-count"][data-status="${status}"]`);
}

export async function countOf(page: Page, status: string): Promise<number> {
  return Number(await statusCount(page, status).getAttribute('data-count'));
}

export async function expectCount(page: Page, status: string, count: number, timeout?: number): Promise<void> {
  await expect(statusCount(page, status)).toHaveAttribute('data-count', String(count), timeout === undefined ? {} : { timeout });
}

/** Waits until at least `min` tasks show `status`. */
export async function expectAtLeast(page: Page, status: string, min: number, timeout = 30_000): Promise<void> {
  await expect.poll(() => countOf(page, status), { timeout, message: `at least ${min} ${status}` }).toBeGreaterThanOrEqual(min);
}

export function runStatus(page: Page): Locator {
  return page.getByTestId('run-status');
}

/**
 * Drops a file on the window the way a file manager does: dragenter, dragover, then drop, each
 * carrying a DataTransfer whose `types` include 'Files'. Built inside the page, since a
 * DataTransfer with files cannot cross from the test.
 */
export async function dropFile(page: Page, file: { name: string; type: string; contents: string | number[] }): Promise<void> {
  const transfer = await page.evaluateHandle(({ name, type, contents }) => {
    const data = new DataTransfer();
    const bytes = typeof contents === 'string' ? contents : new Uint8Array(contents);
    data.items.add(new File([bytes], name, { type }));
    return data;
  }, file);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeHidden();
}

/** Saves a screenshot into docs/ only when PACER_SCREENSHOTS=1, so ordinary runs never rewrite tracked files. */
export const SCREENSHOTS = process.env.PACER_SCREENSHOTS === '1';

