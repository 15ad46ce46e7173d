import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { EXIT } from '../../../electron/cli/exit-codes.ts';
import { openRunStore } from '../../../electron/store/open-database.ts';
import { exitCodeOf, fakeIo } from './cli-fixture.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-cli-gates-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SIM = ['--sim-rpm', '100000', '--sim-tpm', '100000000', '--max-tokens', '40'];

describe('pacer run --gates FILE', () => {
  it('regenerates, counts what needs review in the summary, exports only what passed, and exits 5', async () => {
    const gates = file('gates.json', JSON.stringify({ maxRegenerations: 1, phrases: {} }));
    const { io, stdout } = fakeIo();
    const data = join(dir, 'data');
    const out = join(dir, 'out');
    const code = await main(['run', file('topics.txt', 'Coffee\nLorem ipsum\n'), '--gates', gates, '--data', data, '--out', out, ...SIM], io);
    expect(code).toBe(EXIT.needsReview);
    expect(stdout()).toContain('regen   Lorem ipsum: Refusal or placeholder: contains "Lorem ipsum" (line 1) — regeneration 1');
    expect(stdout()).toContain('REVIEW  Lorem ipsum: Refusal or placeholder: contains "Lorem ipsum" (line 1)');
    expect(stdout()).toMatch(/2\/2 finished \(1 done, 1 need review, 0 failed\)/);
    expect(stdout()).toMatch(/1 article regenerated after failing a quality gate \(the rejected replies cost \$\d[\d.]*\)\./);
    expect(readdirSync(out)).toEqual(['coffee.md']);
    const store = openRunStore(data);
    try {
      const [run] = store.listRuns();
      expect(store.getRun(run!.id)?.settings.gates).toMatchObject({ maxRegenerations: 1, phrases: { list: expect.arrayContaining(['Lorem ipsum']) } });
    } finally {
      store.close();
    }
  });

  it('retry-failed --gates replaces the gates and sends what needs review again', async () => {
    const data = join(dir, 'data');
    const strict = file('strict.json', JSON.stringify({ maxRegenerations: 0, words: { min: 5_000 } }));
    const first = fakeIo();
    expect(await main(['run', file('topics.txt', 'Coffee\n'), '--gates', strict, '--data', data, '--out', join(dir, 'out'), ...SIM], first.io)).toBe(EXIT.needsReview);
    const runId = first.stdout().match(/Run ([0-9a-f]{8})/)![1]!;
    const loose = file('loose.json', JSON.stringify({ words: { min: 5 } }));
    const second = fakeIo();
    expect(await main(['retry-failed', runId, '--gates', loose, '--data', data], second.io)).toBe(EXIT.ok);
    expect(second.stdout()).toMatch(/1\/1 finished \(1 done, 0 failed\)/);
  });

  it('refuses a gates file with a mistake before anything is stored, naming the field', async () => {
    const gates = file('gates.json', JSON.stringify({ words: { min: 900, max: 600 } }));
    const { io, stderr } = fakeIo();
    const code = await exitCodeOf((cliIo) => main(['run', file('topics.txt', 'Coffee\n'), '--gates', gates, '--data', join(dir, 'data'), ...SIM], cliIo), io);
    expect(code).toBe(EXIT.usage);
    expect(stderr()).toContain('--gates: ');
    expect(stderr()).toContain('words.min (900) must not be above words.max (600)');
    expect(readdirSync(dir)).not.toContain('data');
  });
});
