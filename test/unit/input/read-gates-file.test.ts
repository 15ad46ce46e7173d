import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_GATES_FILE_BYTES, readGatesFile } from '../../../electron/input/read-gates-file.ts';
import type { GateSettingsError } from '../../../shared/quality/parse-gate-settings.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-gates-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function refusal(path: string): Promise<GateSettingsError> {
  try {
    await readGatesFile(path);
  } catch (error) {
    return error as GateSettingsError;
  }
  throw new Error('expected a refusal');
}

describe('readGatesFile (--gates FILE)', () => {
  it('reads a gates file', async () => {
    await expect(readGatesFile(file('gates.json', '{"words": {"min": 600}}'))).resolves.toEqual({ maxRegenerations: 2, words: { min: 600 } });
  });

  it('says what is wrong with the file, naming it', async () => {
    const missing = join(dir, 'nope.json');
    expect(await refusal(missing)).toMatchObject({ code: 'not_found', message: `Gates file not found: ${missing}. Check the path and try again.` });
    mkdirSync(join(dir, 'folder'));
    expect(await refusal(join(dir, 'folder'))).toMatchObject({ code: 'unreadable', message: expect.stringContaining('is a folder, not a file') });
    expect(await refusal(file('big.json', ' '.repeat(MAX_GATES_FILE_BYTES + 1)))).toMatchObject({ code: 'too_large' });
    expect(await refusal(file('latin1.json', Uint8Array.from([0x7b, 0xe9, 0x7d])))).toMatchObject({ code: 'encoding' });
    const bad = file('bad.json', '{"words": {"min": "many"}}');
    expect(await refusal(bad)).toMatchObject({ code: 'invalid_settings', message: `${bad}: words.min must be a whole number from 1 to 1000000, got "many".` });
  });
});
