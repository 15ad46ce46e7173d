import { describe, expect, it } from 'vitest';
import { keyLabel, KeysFileError, parseKeys } from '../../shared/keys/parse-keys.ts';

const KEY_A = 'sk-proj-aaaaaaaaaaaaaaaaaaaa1111';
const KEY_B = 'sk-proj-bbbbbbbbbbbbbbbbbbbb2222';

describe('parseKeys', () => {
  it('reads a key per line, with an optional label and limits, named or as two numbers', () => {
    const text = `# the team's keys\n${KEY_A}  marketing  rpm=500 tpm=200000\n\n${KEY_B} backup 60 40000\nsk-proj-cccc3333\n`;
    expect(parseKeys(text, 'keys.txt')).toEqual([
      { key: KEY_A, label: 'marketing', rpm: 500, tpm: 200_000 },
      { key: KEY_B, label: 'backup', rpm: 60, tpm: 40_000 },
      { key: 'sk-proj-cccc3333', label: 'key 3' },
    ]);
  });

  it('shows a key only as its label and last four characters', () => {
    expect(keyLabel({ key: KEY_A, label: 'marketing' })).toBe('marketing (ends 1111)');
  });

  it.each([
    ['', /keys\.txt lists no keys/],
    [`${KEY_A}\n${KEY_A} again`, /keys\.txt, line 2: the same key is listed twice/],
    [`${KEY_A} label rpm=0`, /line 1: rpm= must be a whole number above 0, got "0"/],
    [`${KEY_A} label 60 40000 7`, /at most two numbers/],
    [`${KEY_A} one two`, /"two" is one word too many/],
  ])('refuses %j with where and why, never the key', (text, message) => {
    let error: unknown;
    try {
      parseKeys(text, 'keys.txt');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeysFileError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('aaaa');
  });
});
