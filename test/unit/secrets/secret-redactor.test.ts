import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRedactor } from '../../../electron/secrets/secret-redactor.ts';

const KEY = 'sk-proj-Q3vX9mTq2LbN7wRcK4yH8dFs1GzJ6pAe0UoIiMnBv5Zq9w';

function redactor(...keys: string[]): SecretRedactor {
  const r = new SecretRedactor();
  for (const key of keys) r.remember(key);
  return r;
}

describe('SecretRedactor', () => {
  it('removes a key whole, wherever it is', () => {
    const r = redactor(KEY);
    expect(r.redactText(`Incorrect API key provided: ${KEY}.`)).toBe(`Incorrect API key provided: ${REDACTED}.`);
    expect(r.redactText(`Bearer ${KEY}`)).toBe(`Bearer ${REDACTED}`);
    expect(r.redactText(`"${KEY}","${KEY}"`)).toBe(`"${REDACTED}","${REDACTED}"`);
  });

  it.each([
    ['OpenAI’s stars', `Incorrect API key provided: sk-proj-${'*'.repeat(140)}Zq9w. You can find your key at …`],
    ['a short mask', 'key sk-proj-****Zq9w was rejected'],
    ['dots', 'key sk-...Zq9w was rejected'],
    ['an ellipsis', 'key sk-proj-…Zq9w was rejected'],
    ['bullets', 'key ••••••Zq9w was rejected'],
    ['x’s', 'key sk-proj-xxxxxxxxZq9w was rejected'],
    ['the start shown, the end hidden', 'key sk-proj-Q3vX9m**** was rejected'],
  ])('removes a key masked with %s', (_how, text) => {
    const redacted = redactor(KEY).redactText(text);
    expect(redacted).toContain(REDACTED);
    expect(redacted).not.toMatch(/Zq9w|Q3vX9m/);
  });

  it('removes a fragment of 12 or more of its characters: an echo cut short', () => {
    const r = redactor(KEY);
    expect(r.redactText(`The server said: "${KEY.slice(0, 20)}…"`)).toBe(`The server said: "${REDACTED}"`);
    expect(r.redactText(`key ${KEY.slice(10, 30)} unknown`)).toBe(`key ${REDACTED} unknown`);
  });

  it('leaves ordinary text alone, masks included', () => {
    const r = redactor(KEY);
    for (const text of ['Rate limit reached (429); retrying…', 'sk-ant-****abcd is another key', 'Wait... then go', 'A ***bold*** claim', 'xxxx marks the spot', 'Q3vX9 is short']) {
      expect(r.redactText(text), text).toBe(text);
    }
  });

  it('ignores undefined, blank and short keys, and remembers every key given, trimmed', () => {
    const r = redactor('', '   ', 'short', ` ${KEY} `, 'sk-other-0123456789abcdef');
    expect(r.size).toBe(2);
    expect(r.redactText(`${KEY} and sk-other-0123456789abcdef and short`)).toBe(`${REDACTED} and ${REDACTED} and short`);
  });

  it('redacts nested values copy-on-write: what holds no key comes back as the same object', () => {
    const r = redactor(KEY);
    const clean = { a: ['x', { b: 'y' }], n: 1 };
    expect(r.redact(clean)).toBe(clean);
    const dirty = { keep: clean, error: { message: `echo ${KEY}` }, list: ['ok', `${KEY}`] };
    const out = r.redact(dirty);
    expect(out).toEqual({ keep: clean, error: { message: `echo ${REDACTED}` }, list: ['ok', REDACTED] });
    expect(out.keep).toBe(clean);
    expect(dirty.error.message).toBe(`echo ${KEY}`);
  });

  it('takes linear time on a huge blob of key characters with masks in it', () => {
    const r = redactor(KEY);
    const blob = `${'a'.repeat(300)}****`.repeat(10_000) + 'b'.repeat(3_000_000);
    expect(r.redactText(blob)).toBe(blob);
  }, 5_000);
});
