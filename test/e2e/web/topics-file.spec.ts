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
  await dropFile(page, { name: 'topics.csv', type: 'text/csv', contents: CSV });

  await expect(page.getByTestId('topics-file')).toContainText('topics.csv');
  await expect(page.getByTestId('topics-file')).toContainText('read as CSV with a header row');
  await expect(page.getByTestId('topics-count')).toHaveAttribute('data-count', '3');
  // No column is called topic/title/keyword, so the first one is taken until the user says otherwise.
  const column = page.getByTestId('topic-column');
  await expect(column.locator('option')).toHaveText(['id', 'subject', 'audience']);
  await expect(column).toHaveValue('id');

  await column.selectOption('subject');
  await expect(column).toHaveValue('subject');
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
  await expect(page.getByTestId('run-blocked-reason')).toHaveText('The file could not be read (see Topics): drop another file or paste topics.');

  // Pasting a list replaces the refused file and makes the run possible again.
  await pasteTopics(page, ['Solar power']);
  await expect(page.getByTestId('topics-error')).toHaveCount(0);
  await expect(page.getByTestId('run-button')).toBeEnabled();
});
