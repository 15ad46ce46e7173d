import { expect, test } from './web-host-fixture.ts';
import { dropFile, fillSettings, openPacer, pasteTopics, simulatorEnv } from './pacer-page.ts';

/**
 * Why Run is off, said where it can be fixed: a template still using a column of the previous
 * file, and OpenAI chosen with no key. Each names the field and takes the user there; the template
 * can be switched to {{topic}} in one click.
 */

test.use({ hostEnv: simulatorEnv() });

test('a template using a column of an earlier file points at the field and offers {{topic}}; OpenAI without a key blocks Run with the reason', async ({ page, host }) => {
  await openPacer(page, host.url);
  await dropFile(page, { name: 'keywords.csv', type: 'text/csv', contents: 'keyword,audience\nsolar panels,homeowners\n' });
  await fillSettings(page, { template: 'Write about {{keyword}} for {{audience}}.' });
  await expect(page.getByTestId('run-button')).toBeEnabled();

  // The list pasted next has no such columns: the estimate says which variable and where, not "add valid settings".
  await page.getByTestId('topics-clear').click();
  await pasteTopics(page, ['Heat pumps', 'Rainwater tanks']);
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('estimate-blocked')).toContainText('Unknown variable {{keyword}} at line 1, column 13');
  await page.getByTestId('estimate-blocked-go').click();
  await expect(page.getByTestId('settings-template')).toBeFocused();
  await page.getByTestId('template-use-topic').click();
  await expect(page.getByTestId('settings-template')).toHaveValue('Write about {{topic}} for {{audience}}.');
  await expect(page.getByTestId('estimate-blocked')).toContainText('Unknown variable {{audience}}');
  await page.getByTestId('template-use-topic').click();
  await expect(page.getByTestId('template-preview-text')).toHaveText('Write about Heat pumps for Heat pumps.');
  await expect(page.getByTestId('run-button')).toBeEnabled();

  // OpenAI with no key set: Run says why, and takes the user to the key field.
  await page.getByTestId('settings-provider').selectOption('openai');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('run-blocked-reason')).toHaveText('OpenAI needs an API key: add yours in Settings.');
  await page.getByTestId('estimate-blocked-go').click();
  await expect(page.getByTestId('api-key-input')).toBeFocused();
  await page.getByTestId('api-key-input').fill('sk-test-0123456789abcdef');
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('key-status')).toHaveAttribute('data-key-set', 'true');
  await expect(page.getByTestId('run-button')).toBeEnabled();
});
