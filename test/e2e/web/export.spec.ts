import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { expect, test } from './web-host-fixture.ts';
import { chooseFolder, expectCount, fillSettings, openPacer, pasteTopics, runStatus, SCREENSHOTS, simulatorEnv, startRun } from './pacer-page.ts';

/**
 * Export, checked where it matters: on disk. One Markdown file per done topic with its front
 * matter, a CSV and a JSONL with a row per task; exporting again into the same folder writes no
 * new article and says how many were already there.
 */

test.use({ hostEnv: simulatorEnv() });

const DOCS = path.join(import.meta.dirname, '../../../docs');
const TOPICS = ['Growing tomatoes on a balcony', 'What is a "heat pump"?', 'Café culture: a history', 'Pruning: when & why', 'Saving seeds'];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

/** The `topic:` line of a file's front matter, read back as YAML reads a double-quoted scalar (JSON-compatible). */
function frontMatterTopic(file: string): string {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('---\n')).toBe(true);
  const front = text.slice(4, text.indexOf('\n---\n', 4));
  const line = front.split('\n').find((l) => l.startsWith('topic: '));
  expect(line, `${file} has a topic: line`).toBeDefined();
  return JSON.parse(line!.slice('topic: '.length)) as string;
}

test('Markdown, CSV and JSONL land on disk; a second export writes no article twice', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS);
  await fillSettings(page, { maxTokens: '120' });
  await startRun(page);
  await expectCount(page, 'done', TOPICS.length);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');

  const folder = path.join(host.dataDir, 'exports', 'first run');
  await page.getByTestId('run-export-open').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('role', 'dialog');
  await expect(page.getByTestId('export-no-overwrite')).toContainText('never overwrites');
  await chooseFolder(page, 'export-folder', folder);
  await expect(page.getByTestId('export-format-markdown')).toBeChecked();
  await page.getByTestId('export-format-csv').check();
  await page.getByTestId('export-format-jsonl').check();
  await page.getByTestId('export-submit').click();

  await expect(page.getByTestId('export-report')).toBeVisible();
  await expect(page.getByTestId('export-written')).toHaveAttribute('data-count', String(TOPICS.length));
  await expect(page.getByTestId('export-already')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('export-failures')).toHaveCount(0);
  await expect(page.getByTestId('export-csv')).toContainText(folder);
  await expect(page.getByTestId('export-csv')).toHaveAttribute('data-unchanged', 'false');
  await expect(page.getByTestId('export-jsonl')).toContainText(folder);
  if (SCREENSHOTS) {
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, 'export.png') });
  }

  // One .md per topic, each saying in its front matter which topic it is.
  const written = markdownFiles(folder);
  expect(written).toHaveLength(TOPICS.length);
  expect(written.map((name) => frontMatterTopic(path.join(folder, name))).sort()).toEqual([...TOPICS].sort());

  // The CSV (BOM, CRLF, quoted multi-line text) and the JSONL: one row per task, every one done.
  const csvName = readdirSync(folder).find((name) => name.endsWith('.csv'));
  const jsonlName = readdirSync(folder).find((name) => name.endsWith('.jsonl'));
  expect(csvName).toMatch(/^pacer-[\w-]{8}-results\.csv$/);
  expect(jsonlName).toMatch(/^pacer-[\w-]{8}-results\.jsonl$/);
  const csv = Papa.parse<Record<string, string>>(readFileSync(path.join(folder, csvName!), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(csv.errors).toEqual([]);
  expect(csv.data.map((row) => row.topic)).toEqual(TOPICS);
  expect(csv.data.every((row) => row.status === 'done' && row.text !== '')).toBe(true);
  const jsonl = readFileSync(path.join(folder, jsonlName!), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { topic: string; status: string; text: string | null });
  expect(jsonl.map((row) => row.topic)).toEqual(TOPICS);
  expect(jsonl.every((row) => row.status === 'done' && typeof row.text === 'string')).toBe(true);

  // Again, same folder: nothing is overwritten, no article is written twice, no copy of the same table.
  const before = readdirSync(folder).sort();
  await page.getByTestId('export-submit').click();
  await expect(page.getByTestId('export-already')).toHaveAttribute('data-count', String(TOPICS.length));
  await expect(page.getByTestId('export-written')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('export-csv')).toHaveAttribute('data-unchanged', 'true');
  await expect(page.getByTestId('export-jsonl')).toHaveAttribute('data-unchanged', 'true');
  expect(readdirSync(folder).sort()).toEqual(before);
  expect(markdownFiles(folder)).toEqual(written);

  // The detail of a task now says where its article is.
  await page.getByTestId('export-dialog-close').click();
  await expect(page.getByTestId('export-dialog')).toHaveCount(0);
  await page.getByTestId('task-row').first().click();
  await expect(page.getByTestId('article-path')).toContainText(path.join(folder, written.find((name) => name.startsWith('growing-tomatoes'))!));
  await expect(page.getByTestId('article-preview')).toBeVisible();
});

test('an output folder chosen at setup gets each article as it finishes', async ({ page, host }) => {
  const folder = path.join(host.dataDir, 'articles');
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS.slice(0, 3));
  await fillSettings(page, { maxTokens: '120' });
  await chooseFolder(page, 'output-folder', folder);
  await startRun(page);
  await expectCount(page, 'done', 3);
  await expect(page.getByTestId('run-view')).toContainText(`writing to ${folder}`);
  await expect(page.getByTestId('run-view')).toContainText('3 written here');
  expect(markdownFiles(folder)).toHaveLength(3);
  await page.getByTestId('task-row').nth(1).click();
  await expect(page.getByTestId('article-path')).toContainText(path.join(folder, 'what-is-a-heat-pump.md'));
  // The summary says where they are; a browser cannot open a folder, so it gives the path to open.
  await expect(page.getByTestId('summary-folder')).toHaveText(folder);
  await page.getByTestId('summary-open-folder').click();
  await expect(page.getByTestId('summary-open-unsupported')).toContainText(folder);
});

test('a folder that cannot take articles is refused with its reason, at once; the default folder then works; Escape closes the dialog', async ({ page, host }) => {
  await openPacer(page, host.url);
  await pasteTopics(page, TOPICS.slice(0, 2));
  await fillSettings(page, { maxTokens: '80' });
  await page.getByTestId('run-name-input').fill('Garden notes');
  await startRun(page);
  await expect(runStatus(page)).toHaveAttribute('data-status', 'completed');
  await page.getByTestId('run-export-open').click();

  // The default: ~/Documents/Pacer/<run name>, or ~/Pacer/<run name> where there is no Documents.
  const home = path.join(host.dataDir, 'home');
  const defaultFolder = path.join(home, 'Pacer', 'garden-notes');
  await expect(page.getByTestId('export-folder')).toHaveAttribute('data-path', defaultFolder);

  // In the folder browser: a relative path and a folder under /proc are refused, saying why.
  await page.getByTestId('export-folder-choose').click();
  await expect(page.getByTestId('folder-browser-current')).toHaveText(defaultFolder);
  await expect(page.getByTestId('folder-browser-listing')).toContainText('does not exist yet: it is created on export');
  const typed = page.getByTestId('folder-browser-path');
  await typed.fill('articles');
  await typed.press('Enter');
  await expect(page.getByTestId('folder-browser-error')).toContainText('"articles" is not an absolute folder path');
  await typed.fill('/proc/pacer/articles');
  await typed.press('Enter');
  await expect(page.getByTestId('folder-browser-problem')).toContainText('/proc/pacer/articles cannot hold articles');
  await expect(page.getByTestId('folder-browser-use')).toBeDisabled();
  await page.getByTestId('folder-browser-place').filter({ hasText: 'Default for this run' }).click();
  await expect(page.getByTestId('folder-browser-current')).toHaveText(defaultFolder);
  await page.getByTestId('folder-browser-use').click();

  // A folder that went bad after it was chosen (a file took its name): refused at once, not "Exporting…" forever.
  const blocked = path.join(host.dataDir, 'blocked');
  await chooseFolder(page, 'export-folder', blocked);
  writeFileSync(blocked, 'a file where the folder should be');
  await page.getByTestId('export-submit').click();
  await expect(page.getByTestId('export-error')).toContainText(`${blocked} is not a folder`);
  await expect(page.getByTestId('export-submit')).toHaveText('Export');

  // The next export, to the default folder, is not held up by the one that failed.
  await page.getByTestId('export-folder-choose').click();
  await page.getByTestId('folder-browser-place').filter({ hasText: 'Default for this run' }).click();
  await expect(page.getByTestId('folder-browser-current')).toHaveText(defaultFolder);
  await page.getByTestId('folder-browser-use').click();
  await page.getByTestId('export-submit').click();
  await expect(page.getByTestId('export-written')).toHaveAttribute('data-count', '2');
  expect(markdownFiles(defaultFolder)).toHaveLength(2);

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-dialog')).toHaveCount(0);
});
