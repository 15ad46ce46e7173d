import { expect, test } from './web-host-fixture.ts';
import { dropFile, expectCount, fillSettings, openPacer, pasteTopics, runStatus, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * Topics from a file dropped on the window: its columns are found, the user picks the one that
 * holds the topics, the others become template variables shown in the live preview, and the run
 * sends what the preview promised. A malformed or binary file is refused with a message that says
 * what is wrong, and nothing can be run from it.
 */

test.use({ hostEnv: simulatorEnv() });

const CSV = ['id,subject,audience', '101,Rainwater harvesting,gardeners', '102,Choosing an e-bike,commuters', '103,"Heat pumps, explained",homeowners', ''].join('\r\n');

test('a dropped CSV: columns found, topic column chosen, a {{column}} in the preview, then run', async ({ page, host }) => {
  await openPacer(page, host.url);
  // Dropped over pasted topics, the file asks before it replaces them; kept, they stay.
  await pasteTopics(page, ['Growing tomatoes', 'Balcony herbs']);
  await dropFile(page, { name: 'topics.csv', type: 'text/csv', contents: CSV });
  await expect(page.getByTestId('topics-pending')).toContainText('Replace the 2 pasted topics with topics.csv (3 topics)?');
  await page.getByTestId('topics-pending-keep').click();
  await expect(page.getByTestId('topics-input')).toHaveValue('Growing tomatoes\nBalcony herbs');
  await dropFile(page, { name: 'topics.csv', type: 'text/csv', contents: CSV });
  await page.getByTestId('topics-pending-replace').click();

  await expect(page.getByTestId('topics-file')).toContainText('topics.csv');
  await expect(page.getByTestId('topics-file')).toContainText('read as CSV with a header row');
  await expect(page.getByTestId('topics-count')).toHaveAttribute('data-count', '3');
  // No column is called topic/title/keyword, so the first one is taken until the user says otherwise.
  const column = page.getByTestId('topic-column');
  await expect(column.locator('option')).toHaveText(['id', 'subject', 'audience']);
  await expect(column).toHaveValue('id');

  // The first rows, with the topic column highlighted; it follows the column chosen.
  const highlighted = page.locator('[data-testid="topics-preview"] th.is-topic');
  await expect(highlighted).toHaveText('id');
  await expect(page.getByTestId('topics-preview-row')).toHaveCount(3);

  await column.selectOption('subject');
  await expect(column).toHaveValue('subject');
  await expect(highlighted).toHaveText('subject');
  await expect(page.locator('[data-testid="topics-preview-row"]').first().locator('td.is-topic')).toHaveText('Rainwater harvesting');
  await expect(page.getByTestId('topic-variables')).toContainText('{{topic}}');
  await expect(page.getByTestId('topic-variables')).toContainText('{{audience}}');
  await expect(page.getByTestId('topic-variables')).toContainText('{{id}}');

  await fillSettings(page, { template: 'Write a guide for {{audience}} about {{topic}} (ref {{id}}).', maxTokens: '120' });
  await expect(page.getByTestId('template-error')).toHaveCount(0);
  await expect(page.getByTestId('template-preview-text')).toHaveText('Write a guide for gardeners about Rainwater harvesting (ref 101).');
  await expect(page.getByTestId('template-preview')).toContainText('Rainwater harvesting');

  // A variable the file does not have is caught before anything is sent.
  await fillSettings(page, { template: 'Write for {{audiense}} about {{topic}}.' });
  await expect(page.getByTestId('template-error')).toContainText('audiense');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('run-blocked-reason')).toHaveText('Fix the prompt template.');
  await fillSettings(page, { template: 'Write a guide for {{audience}} about {{topic}} (ref {{id}}).' });

  await startRun(page);
  await expect(page.locator('[data-testid="task-row"] .col-topic')).toHaveText(['Rainwater harvesting', 'Choosing an e-bike', 'Heat pumps, explained']);
  await expectCount(page, 'done', 3);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');

  // The prompt sent is the one the preview showed.
  await page.getByTestId('task-row').nth(2).click();
  await expect(page.getByTestId('task-detail')).toContainText('Heat pumps, explained');
  await page.getByTestId('task-edit-prompt').click();
  await expect(page.getByTestId('task-prompt-input')).toHaveValue('Write a guide for homeowners about Heat pumps, explained (ref 103).');
});

test('a CSV with an unclosed quote is refused with where and why, and the run stays blocked', async ({ page, host }) => {
  await openPacer(page, host.url);
  await dropFile(page, { name: 'broken.csv', type: 'text/csv', contents: 'topic,audience\n"Solar power,homeowners\nHeat pumps,landlords\n' });
  await expect(page.getByTestId('topics-error')).toHaveText(
    'Could not read broken.csv as CSV at row 2: a quoted field is never closed (a " without its closing "). ' +
      'Fields containing commas, quotes or line breaks must be wrapped in double quotes, with quotes inside them doubled ("").',
  );
  await expect(page.getByTestId('topics-count')).toHaveCount(0);
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('run-blocked-reason')).toHaveText('Add topics to run.');
  await expect(page.getByTestId('estimate')).toHaveAttribute('data-state', 'idle');

  // Removing the file and pasting a list makes the run possible again.
  await page.getByTestId('topics-clear').click();
  await expect(page.getByTestId('topics-error')).toHaveCount(0);
  await pasteTopics(page, ['Solar power']);
  await expect(page.getByTestId('run-button')).toBeEnabled();
});

test('a binary file (a spreadsheet saved as .xlsx) is refused before parsing, and the run stays blocked', async ({ page, host }) => {
  await openPacer(page, host.url);
  // The start of a real .xlsx: a ZIP local file header, NUL bytes from offset 5 on.
  const zipHeader = [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00];
  await dropFile(page, { name: 'topics.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contents: zipHeader });
  await expect(page.getByTestId('topics-error')).toHaveText(
    'topics.xlsx looks like a binary file, not text (a NUL byte at offset 5). Choose a .csv, .tsv or .txt file; from a spreadsheet, save it as "CSV UTF-8" first.',
  );
  await expect(page.getByTestId('topics-input')).toHaveValue('');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('run-blocked-reason')).toHaveText('The file could not be used (see Topics): drop another file, or keep the topics there.');

  // Pasting a list replaces the refused file and makes the run possible again.
  await pasteTopics(page, ['Solar power']);
  await expect(page.getByTestId('topics-error')).toHaveCount(0);
  await expect(page.getByTestId('run-button')).toBeEnabled();
});

test('an empty file and a CSV with only its header are refused with what is wrong, and replace nothing', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, ['Solar power']);
  await dropFile(page, { name: 'empty.csv', type: 'text/csv', contents: '' });
  await expect(page.getByTestId('topics-error')).toHaveText('empty.csv is empty: it has no topics (it is 0 bytes). Choose the file that holds your topics, or paste them.');
  await expect(page.getByTestId('topics-input')).toHaveValue('Solar power');
  await page.getByTestId('topics-error-dismiss').click();
  await expect(page.getByTestId('run-button')).toBeEnabled();

  await page.getByTestId('topics-input').fill('');
  await dropFile(page, { name: 'header-only.csv', type: 'text/csv', contents: 'topic,audience\n' });
  await expect(page.getByTestId('topics-error')).toContainText('No topics found in header-only.csv: it has a header row ("topic", "audience") but no rows below it.');
  await expect(page.getByTestId('run-button')).toBeDisabled();
});

test('a 50 MB CSV is read and parsed off the window’s thread with its progress shown, and the page keeps answering', async ({ page, host }) => {
  test.setTimeout(180_000);
  await openPacer(page, host.url);
  // Built in the page: 100,000 rows of about 520 bytes, just under the 50 MB a topics file may have.
  const size = await page.evaluate(() => {
    const filler = 'x'.repeat(480);
    const rows = Array.from({ length: 100_000 }, (_, i) => `Topic number ${i + 1},${filler}\n`);
    const file = new File(['topic,notes\n', ...rows], 'big.csv', { type: 'text/csv' });
    (window as unknown as { __big: File }).__big = file;
    return file.size;
  });
  expect(size).toBeGreaterThan(45 * 1024 * 1024);
  expect(size).toBeLessThanOrEqual(50 * 1024 * 1024);

  // From the drop on: the longest stretch the page's thread was busy, and the progress it showed.
  await page.evaluate(() => {
    const seen = { longestTaskMs: 0, phases: [] as string[], frames: 0, framesWhileParsing: 0 };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.longestTaskMs = Math.max(seen.longestTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
    new MutationObserver(() => {
      const phase = document.querySelector('[data-testid="topics-loading"]')?.getAttribute('data-phase');
      if (phase && seen.phases.at(-1) !== phase) seen.phases.push(phase);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
    const tick = () => {
      seen.frames++;
      if (seen.phases.at(-1) === 'parsing' && document.querySelector('[data-testid="topics-loading"]')) seen.framesWhileParsing++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const file = (window as unknown as { __big: File }).__big;
    const data = new DataTransfer();
    data.items.add(file);
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('topics-loading')).toBeVisible();
  // While it works, the page answers: the template field takes typing.
  await page.getByTestId('settings-template').fill('Write about {{topic}} in two lines.');
  await expect(page.getByTestId('settings-template')).toHaveValue('Write about {{topic}} in two lines.');
  await expect(page.getByTestId('topics-count')).toHaveAttribute('data-count', '100000', { timeout: 120_000 });
  await expect(page.getByTestId('topics-loading')).toHaveCount(0);
  // The estimate of 100,000 topics comes from an even sample, scaled up, and says so.
  await expect(page.getByTestId('estimate-sampled')).toHaveText('Scaled up from 2,000 of the 100,000 topics.', { timeout: 60_000 });

  const seen = await page.evaluate(() => (window as unknown as { __seen: { longestTaskMs: number; phases: string[]; frames: number; framesWhileParsing: number } }).__seen);
  expect(seen.phases).toEqual(['reading', 'parsing']);
  // The page kept drawing while the worker parsed (about a second and more for 50 MB).
  expect(seen.framesWhileParsing).toBeGreaterThan(10);
  // What remains on the page's thread is taking the 100,000 parsed rows in (about 0.8 s here) and
  // no longer the estimate, which once sent all 50 MB to main and froze the page for 10 s.
  expect(seen.longestTaskMs).toBeLessThan(3_000);
});
