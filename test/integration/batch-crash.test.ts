import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { CLI_MAIN, runCli } from '../support/cli-process.ts';

/**
 * SIGKILL the CLI while its batch is in progress at the provider, then `pacer resume`: the stored
 * batch id is polled again and its results collected; no line is sent, or paid for, twice.
 */
const TOPICS = 30;
const dir = mkdtempSync(join(tmpdir(), 'pacer-batch-crash-'));
let sim: RunningSimulator | undefined;
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI and SIGKILLs it once every task is in a batch (all attempt.started seen). */
function runUntilSubmitted(args: string[]): Promise<{ runId: string | undefined; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: { ...process.env, OPENAI_API_KEY: 'sk-batch-crash-000001' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let runId: string | undefined;
    let started = 0;
    let killed = false;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffer.slice(0, newline)) as { type: string; runId?: string };
        buffer = buffer.slice(newline + 1);
        runId ??= event.runId;
        if (event.type === 'attempt.started' && ++started === TOPICS && !killed) {
          killed = true;
          // Long enough for the upload and the batch's creation to reach the server and the store.
          setTimeout(() => child.kill('SIGKILL'), 400);
        }
      }
    });
    child.on('exit', () => resolve({ runId, killed }));
  });
}

describe('batch mode: crash mid-batch and resume', () => {
  it('resumes polling the stored batch after a SIGKILL and pays for every line once', async () => {
    sim = await startSimulator({ seed: 5, trackPrompts: true, latency: { firstTokenMs: 2, jitterMs: 2, tokensPerSecond: 20_000 }, batch: { completionMs: 3_000 } });
    const topics = join(dir, 'topics.txt');
    writeFileSync(topics, Array.from({ length: TOPICS }, (_, i) => `Batch crash topic ${i + 1}`).join('\n'));
    const out = join(dir, 'out');
    const data = join(dir, 'data');

    const life = await runUntilSubmitted(['run', topics, '--mode', 'batch', '--base-url', sim.url, '--max-tokens', '20', '--out', out, '--data', data, '--json']);
    expect(life.killed).toBe(true);
    const runId = life.runId!;
    const before = openRunStore(data);
    const [stored] = before.batches.list(runId);
    before.close();
    expect(stored).toMatchObject({ collected: false });
    expect(stored!.batchId).toMatch(/^batch_/);

    const resumed = await runCli(['resume', runId.slice(0, 8), '--data', data], { OPENAI_API_KEY: 'sk-batch-crash-000001' }, 30_000);

    expect(resumed.code).toBe(0);
    const after = openRunStore(data);
    try {
      expect(after.getTasks(runId).every((t) => t.status === 'done')).toBe(true);
      expect(after.batches.list(runId)).toEqual([expect.objectContaining({ batchId: stored!.batchId, collected: true, status: 'completed' })]);
    } finally {
      after.close();
    }
    expect(readdirSync(out)).toHaveLength(TOPICS);
    const answered = sim.stats().successesByPrompt!;
    expect([...answered.values()]).toEqual(Array.from({ length: TOPICS }, () => 1));
  }, 60_000);
});
