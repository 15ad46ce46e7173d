import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { fakeIo } from './cli-fixture.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-cli-run-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function topicsFile(text: string): string {
  const file = join(dir, 'topics.txt');
  writeFileSync(file, text);
  return file;
}

describe('pacer run --dry-run', () => {
  it('counts the duplicate topics it skips, not the groups they form', async () => {
    const { io, stdout } = fakeIo();
    const code = await main(['run', topicsFile('Tea\nCoffee\ntea\nTEA\ncoffee\nCocoa\n'), '--dry-run', '--data', join(dir, 'data')], io);
    expect(code).toBe(0);
    expect(stdout()).toContain('Skipped 3 duplicate topic(s), e.g. "Tea" (use --keep-duplicates to run them).');
    expect(stdout()).toContain('Estimate for 3 topics');
  });

  it('says the repeats run again with --keep-duplicates', async () => {
    const { io, stdout } = fakeIo();
    await main(['run', topicsFile('Tea\ntea\nCocoa\n'), '--dry-run', '--keep-duplicates'], io);
    expect(stdout()).toContain('Running 1 repeated topic(s) again as asked (--keep-duplicates), e.g. "Tea".');
    expect(stdout()).toContain('Estimate for 3 topics');
  });
});
