import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe('pacer run with an --out folder it cannot use', () => {
  async function refused(out: string): Promise<string> {
    const { io, stderr } = fakeIo();
    const code = await main(['run', topicsFile('Tea\n'), '--out', out, '--data', join(dir, 'data')], io);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/^pacer: Cannot use --out /);
    expect(existsSync(join(dir, 'data', 'pacer.db'))).toBe(false); // refused before a run was stored
    return stderr();
  }

  it('exits 2 for a file', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine');
    expect(await refused(file)).toContain('is not a folder (a file has that name)');
  });

  it('exits 2 when a resumed run’s own folder has become a file', async () => {
    const out = join(dir, 'out');
    const first = fakeIo();
    expect(await main(['run', topicsFile('Tea\n'), '--out', out, '--data', join(dir, 'data'), '--sim-rpm', '100000', '--sim-tpm', '100000000'], first.io)).toBe(0);
    const runId = /Run ([0-9a-f]{8})/.exec(first.stdout())![1]!;
    rmSync(out, { recursive: true });
    writeFileSync(out, 'mine');
    const { io, stderr } = fakeIo();
    expect(await main(['resume', runId, '--data', join(dir, 'data')], io)).toBe(2);
    expect(stderr()).toMatch(/^pacer: .*out is not a folder \(a file has that name\)/);
  });

  it.skipIf(!existsSync('/proc/self'))('exits 2 at once under /proc, where mkdir -p would spin forever', async () => {
    expect(await refused('/proc/pacer-test-out')).toContain('/proc/pacer-test-out cannot hold articles: /proc holds the kernel');
  }, 10_000);
});

describe('pacer run with topics that hold terminal escapes', () => {
  const HOSTILE = ['\x1b]0;pwned\x07Retitled', '\x1b[2J\x1b[HCleared screen', 'C1 \u009b31m red', 'Bidi \u202eexe.txt', 'Bell\x07 and DEL\x7f'];
  const SIM = ['--sim-rpm', '100000', '--sim-tpm', '100000000', '--max-tokens', '10', '--workers', '5'];

  /** Every escape-starting or invisible control a terminal would act on, outside Pacer's own status-line clear. */
  const rawControls = (text: string) =>
    [...text.replaceAll('\r\x1b[2K', '')].filter((char) => {
      const code = char.charCodeAt(0);
      return (code < 0x20 && char !== '\n' && char !== '\t') || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    });

  it.each([
    ['piped', false],
    ['on a terminal', true],
  ])('prints them visibly, never raw (%s)', async (_where, isTTY) => {
    const { io, stdout, stderr } = fakeIo();
    const ttyIo = { ...io, stdout: { ...io.stdout, isTTY } };
    const code = await main(['run', topicsFile(HOSTILE.join('\n')), '--data', join(dir, 'data'), '--out', join(dir, 'out'), ...SIM], ttyIo);
    expect(code).toBe(0);
    expect(rawControls(stdout() + stderr())).toEqual([]);
    expect(stdout()).toContain('done    ␛]0;pwned␇Retitled');
    expect(stdout()).toContain('done    C1 \\u009b31m red');
    expect(stdout()).toContain('done    Bidi \\u202eexe.txt');
    if (isTTY) expect(stdout()).toContain('\r\x1b[2K'); // its own status line still redraws
  });

  it('keeps --json lines valid JSON that decode to the exact text', async () => {
    const system = 'Be \x1b[31mred\x1b[0m, \u009b31m, \u202eevil';
    const { io, stdout, stderr } = fakeIo();
    expect(await main(['run', topicsFile(HOSTILE.join('\n')), '--data', join(dir, 'data'), '--out', join(dir, 'out'), '--json', '--system', system, ...SIM], io)).toBe(0);
    expect(rawControls(stdout() + stderr())).toEqual([]);
    const events = stdout().trim().split('\n').map((line) => JSON.parse(line) as { type: string; settings?: { systemPrompt: string } });
    expect(events.find((event) => event.type === 'run.started')?.settings?.systemPrompt).toBe(system);
    expect(events.filter((event) => event.type === 'task.done')).toHaveLength(HOSTILE.length);
  });

  it('neutralises a hostile column name quoted in an error message', async () => {
    const file = join(dir, 'topics.csv');
    writeFileSync(file, 'topic,\u009b31maudience\nTea,kids\n');
    const { io, stderr } = fakeIo();
    expect(await main(['run', file, '--column', '\u202enope', '--dry-run'], io)).toBe(2);
    expect(rawControls(stderr())).toEqual([]);
    expect(stderr()).toContain('No column named "\\u202enope" in');
    expect(stderr()).toContain('"\\u009b31maudience"');
  });
});
