import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './web-host-fixture.ts';
import { expectCount, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * Quality gates set in Setup, then the review grid: filter by status and gate, decide with the
 * keyboard, edit an article in place (the gates judge the edit), and export only what was
 * accepted, checked on disk.
 */

test.use({ hostEnv: simulatorEnv() });

const TOPICS = ['Coffee brewing', 'Lorem ipsum layouts', 'Green tea', 'Lorem ipsum history'];

test('gates flag placeholders; the grid filters, accepts and rejects by keyboard, edits, and exports only the accepted', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { maxTokens: '120' });
  await page.getByTestId('settings-gates-on').check();
  // Only the placeholder gate (the default phrase list, which names "Lorem ipsum") and one regeneration.
  await page.getByTestId('settings-gate-regenerations').fill('1');
  for (const field of ['min-words', 'max-words', 'keywords', 'headings', 'near-duplicate']) await page.getByTestId(`settings-gate-${field}`).fill('');
  await expect(page.getByTestId('settings-gate-phrases')).toHaveValue(/^Lorem ipsum$/m);
  await startRun(page);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  await expectCount(page, 'done', 2);
  await expectCount(page, 'needs_review', 2);

  await expect(page.getByTestId('summary-needs-review')).toHaveText('2');
  await page.getByTestId('summary-review').click();
  const grid = page.getByTestId('review-grid');
  const rows = page.getByTestId('review-row');
  await expect(grid).toHaveAttribute('data-count', '4');
  await page.getByTestId('review-filter-status').selectOption('needs_review');
  await expect(grid).toHaveAttribute('data-count', '2');
  await page.getByTestId('review-filter-status').selectOption('all');
  await page.getByTestId('review-filter-gate').selectOption('phrases');
  await expect(grid).toHaveAttribute('data-count', '2');
  await expect(rows.nth(0)).toContainText('Lorem ipsum layouts');
  await expect(rows.nth(1)).toContainText('Lorem ipsum history');

  // The article under the cursor, beside the gate it failed: what was found, and where.
  const preview = page.getByTestId('review-preview');
  await expect(preview).toHaveAttribute('data-task-id', '1');
  await expect(page.getByTestId('review-gates').locator('[data-gate="phrases"]')).toHaveAttribute('data-passed', 'false');
  await expect(page.getByTestId('review-gates')).toContainText('contains "Lorem ipsum" (line 1)');
  await expect(page.getByTestId('review-regenerations')).toContainText('Regenerated 1 time');
  await expect(page.getByTestId('article-preview')).toContainText('Lorem Ipsum Layouts');

  // Keyboard: A accepts the article under the cursor, ↓ moves, R rejects.
  await page.getByTestId('review-grid-scroll').focus();
  await page.keyboard.press('a');
  await expect(rows.nth(0)).toHaveAttribute('data-verdict', 'accepted');
  await page.keyboard.press('ArrowDown');
  await expect(preview).toHaveAttribute('data-task-id', '3');
  await page.keyboard.press('r');
  await expect(rows.nth(1)).toHaveAttribute('data-verdict', 'rejected');
  await expect(page.getByTestId('review-counts')).toContainText('1 accepted · 1 rejected');

  // Space selects several; U takes their verdicts back, A decides them together.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('u');
  await expect(rows.nth(0)).toHaveAttribute('data-verdict', 'undecided');
  await expect(rows.nth(1)).toHaveAttribute('data-verdict', 'undecided');
  await page.keyboard.press('a');
  await expect(rows.nth(0)).toHaveAttribute('data-verdict', 'accepted');
  await expect(rows.nth(1)).toHaveAttribute('data-verdict', 'accepted');
  // Esc clears the selection: the keys act on the article under the cursor again.
  await page.keyboard.press('Escape');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('r');
  await expect(page.getByTestId('review-notice')).toContainText('1 article rejected');
  await expect(rows.nth(0)).toHaveAttribute('data-verdict', 'rejected');
  await expect(rows.nth(1)).toHaveAttribute('data-verdict', 'accepted');

  // E edits the article under the cursor in place; the gates judge the new text.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('u');
  await expect(rows.nth(0)).toHaveAttribute('data-verdict', 'undecided');
  await page.keyboard.press('e');
  const editor = page.getByTestId('review-editor');
  await expect(editor).toBeFocused();
  await editor.fill('# Layouts that work\n\nA page layout guides the eye from the headline to the call to action.\n');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('review-notice')).toContainText('Article saved');
  await page.getByTestId('review-filter-gate').selectOption('all');
  const edited = rows.filter({ hasText: 'Lorem ipsum layouts' });
  await expect(edited).toContainText('edited');
  await edited.click();
  await expect(page.getByTestId('review-gates').locator('[data-gate="phrases"]')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('article-preview')).toContainText('A page layout guides the eye');
  await page.getByTestId('review-grid-scroll').focus();
  await page.keyboard.press('a');
  await expect(edited).toHaveAttribute('data-verdict', 'accepted');

  // Only the two accepted articles are exported; the done but undecided ones and the rejected one stay out.
  await page.getByTestId('review-export').click();
  const notice = page.getByTestId('review-notice');
  await expect(notice).toContainText('Exported 2 accepted articles to ');
  const folder = (await notice.textContent())!.match(/ to (.+) \(\d+ already there\)/)![1]!;
  expect(folder.startsWith(path.join(host.dataDir, 'home'))).toBe(true);
  const files = readdirSync(folder).filter((name) => name.endsWith('.md')).sort();
  expect(files).toEqual(['lorem-ipsum-history.md', 'lorem-ipsum-layouts.md']);
  expect(readFileSync(path.join(folder, 'lorem-ipsum-layouts.md'), 'utf8')).toContain('A page layout guides the eye');
});
