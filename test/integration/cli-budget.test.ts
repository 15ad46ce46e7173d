import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { looksLikeACrash, runCli } from '../support/cli-process.ts';

/**
 * --budget-usd as a user meets it, in a real CLI process against the built-in simulator over
 * HTTP: a run that stops at its budget exits 4 and says how to go on; resuming with a higher
 * budget finishes it, sending only what was not done; a bad budget is a usage error.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-cli-budget-'));
  dirs.push(dir);
  return dir;
}

const TOPICS = 10;
// 50 output tokens a request: ~3e-5 $ reserved, ~2.5e-5 $ billed; 1.6e-4 $ covers about half the topics.
const SIM = ['--sim-rpm', '100000', '--sim-tpm', '100000000', '--max-tokens', '50', '--workers', '3'];

describe('pacer run --budget-usd', () => {
  it('stops at its budget with exit 4 and what was spent; resume --budget-usd with more finishes, paying nothing twice', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const file = path.join(dir, 'topics.txt');
    fs.writeFileSync(file, Array.from({ length: TOPICS }, (_, i) => `Budget topic ${i + 1}`).join('\n'));

    const first = await runCli(['run', file, '--data', data, '--out', path.join(dir, 'out'), '--budget-usd', '0.00016', ...SIM], {}, 60_000);
    expect(looksLikeACrash(first), first.stderr).toBe(false);
    expect(first.code, first.stdout + first.stderr).toBe(EXIT.budgetReached);
    expect(first.stdout).toContain('budget   $0.00016: the run stops before a request that could pass it');
    expect(first.stdout).toMatch(/Spent \$0\.000\d+ of the \$0\.00016 budget \(\d+ %\)/);
    expect(first.stdout).toMatch(/Reason: Budget reached: \$[\d.]+ spent of \$0\.00016/);
    const runId = /Run ([0-9a-f]{8})/.exec(first.stdout)![1]!;
    expect(first.stdout).toContain(`Resume with: npm run cli -- resume ${runId} --budget-usd <a higher budget>`);

    const stopped = readRun(data);
    expect(stopped.done).toBeGreaterThan(0);
    expect(stopped.done).toBeLessThan(TOPICS);
    expect(stopped.spent).toBeLessThanOrEqual(0.000_16);
    expect(stopped.errorCode).toBe('budget_reached');

    const same = await runCli(['resume', runId, '--data', data], {}, 60_000);
    expect(same.code, 'the same budget is already spent').toBe(EXIT.budgetReached);
    expect(readRun(data).attempts, 'and nothing more was sent').toBe(stopped.attempts);

    const more = await runCli(['resume', runId, '--data', data, '--budget-usd', '1'], {}, 60_000);
    expect(more.code, more.stdout + more.stderr).toBe(EXIT.ok);
    expect(more.stdout).toMatch(/Spent \$0\.000\d+ of the \$1\.00 budget \(0 %\)/);
    const finished = readRun(data);
    expect(finished.done).toBe(TOPICS);
    expect(finished.budget).toBe(1);
    // One attempt per topic over both starts: what was done before was not sent again.
    expect(finished.attempts).toBe(TOPICS);
  }, 120_000);

  it.each([
    ['0', /--budget-usd: Budget must be greater than 0 US dollars; got 0\./],
    ['-3', /--budget-usd: Budget must be greater than 0 US dollars; got -3\./],
    ['five', /--budget-usd must be a number of US dollars, such as 5 or 12\.50; got "five"\./],
  ])('refuses --budget-usd %s with exit 2 and why', async (value, message) => {
    const dir = tempDir();
    const file = path.join(dir, 'topics.txt');
    fs.writeFileSync(file, 'Tea\n');
    const result = await runCli(['run', file, '--dry-run', `--budget-usd=${value}`]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a budget for a model it has no price for', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'topics.txt');
    fs.writeFileSync(file, 'Tea\n');
    const result = await runCli(['run', file, '--dry-run', '--model', 'my-local-model', '--budget-usd', '5']);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('--budget-usd needs the model\'s price, and "my-local-model" has none: add it with --prices FILE');
  });

  it('keeps the budget at the prices given with --prices, in the estimate and in the run', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'topics.txt');
    fs.writeFileSync(file, 'Tea\nCoffee\nCocoa\nMate\n');
    const prices = path.join(dir, 'prices.json');
    fs.writeFileSync(prices, JSON.stringify({ 'my-local-model': { inputPerMillion: 1, outputPerMillion: 2 }, 'gpt-4o-mini': { inputPerMillion: 15, outputPerMillion: 60 } }));
    const local = await runCli(['run', file, '--dry-run', '--model', 'my-local-model', '--max-tokens', '1000', '--budget-usd', '5', '--prices', prices]);
    expect(local.code, local.stderr).toBe(EXIT.ok);
    expect(local.stdout).toMatch(/cost {5}online \$0\.000056–\$0\.0081/);
    // At a hundred times the list price one worst case (~3e-3 $) no longer fits 5e-4 $: nothing is sent.
    const dearer = await runCli(['run', file, '--data', path.join(dir, 'data'), '--budget-usd', '0.0005', '--prices', prices, ...SIM], {}, 60_000);
    expect(dearer.code, dearer.stdout + dearer.stderr).toBe(EXIT.budgetReached);
    expect(dearer.stdout).toContain('0 requests sent');
    fs.writeFileSync(prices, '{"gpt-4o-mini": {"inputPerMillion": "cheap"}}');
    const bad = await runCli(['run', file, '--dry-run', '--prices', prices]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('inputPerMillion must be a number of US dollars per 1M tokens');
  }, 60_000);
});

function readRun(data: string): { done: number; attempts: number; spent: number; errorCode: string | null; budget: number | null } {
  const store = openRunStore(data);
  try {
    const [run] = store.listRuns();
    const detail = store.getRun(run!.id)!;
    const tasks = store.getTasks(run!.id);
    return {
      done: tasks.filter((t) => t.status === 'done').length,
      attempts: tasks.reduce((sum, t) => sum + t.attempts, 0),
      spent: store.spentUsd(run!.id),
      errorCode: detail.error?.code ?? null,
      budget: detail.settings.budgetUsd,
    };
  } finally {
    store.close();
  }
}
