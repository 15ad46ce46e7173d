import { expect, test } from './web-host-fixture.ts';
import { fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv } from './pacer-page.ts';

/**
 * The keyboard alone: Ctrl+Enter starts the run from any field of Setup and the focus follows to
 * the run; arrows walk the task table, Esc closes the task panel; `?` lists the shortcuts.
 */

test.use({ hostEnv: simulatorEnv({ rpm: null, tpm: null, latency: { firstTokenMs: 300, jitterMs: 50, tokensPerSecond: 4_000 } }) });

test('Ctrl+Enter starts the run from any Setup field, the focus moves to the run, Esc closes the task panel, ? lists the shortcuts', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, Array.from({ length: 100 }, (_, i) => `Keyboard topic ${i + 1}`));
  await fillSettings(page, { workers: 2, maxTokens: '60' });

  // `?` typed into a field is a character; outside one it opens the list.
  await page.getByTestId('settings-template').press('End');
  await page.keyboard.type(' Why?');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  await expect(page.getByTestId('settings-template')).toHaveValue('Write an SEO article about {{topic}}. Why?');
  await page.getByTestId('settings-template').fill('Write an SEO article about {{topic}}.');
  await page.locator('body').click({ position: { x: 5, y: 60 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expect(page.getByTestId('shortcut').first()).toContainText('Ctrl+Enter');
  await expect(page.getByTestId('shortcuts')).toContainText('Close the task panel');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);

  // From inside a field, not only from the Run button.
  await page.getByTestId('settings-max-tokens').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('run-view')).toBeVisible();
  await expect(page.getByTestId('run-title')).toBeFocused();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'running');

  // The table by keyboard: Tab into it, arrows select, Esc closes the panel.
  await page.getByTestId('task-table-scroll').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('task-detail')).toHaveAttribute('data-task-id', '0');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('task-detail')).toHaveAttribute('data-task-id', '1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('task-detail')).toHaveCount(0);
});
