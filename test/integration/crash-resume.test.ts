import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { seededRandom } from '../../electron/engine/random.ts';

const TOPICS = 300;
const KILLS = 8;
const CLI = join(import.meta.dirname, '../../electron/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'pacer-crash-'));
let sim: RunningSimulator | undefined;
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Life {
  readonly runId: string | undefined;
  readonly code: number | null;
  readonly killed: boolean;
  readonly stderr: string;
}

/** Runs the CLI; with `killAfterDone`, SIGKILLs it after that many tasks finished (plus a random delay). */
function cli(args: string[], killAfterDone: number | undefined, random: () => number): Promise<Life> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '--json', '--data', join(dir, 'data')], {
      env: { ...process.env, OPENAI_API_KEY: 'sk-crash-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let runId: string | undefined;
    let done = 0;
    let killed = false;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const event = JSON.parse(line) as { type: string; runId?: string };
        runId ??= event.runId;
        if (event.type === 'task.done' && ++done === killAfterDone && !killed) {
          killed = true;
          // A random moment after the threshold: mid-request, mid-write or mid-export.
          setTimeout(() => child.kill('SIGKILL'), Math.floor(random() * 120));
        }
      }
    });
    child.on('exit', (code) => resolve({ runId, code, killed, stderr }));
  });
}

describe('crash safety: SIGKILL the CLI mid-run, resume, repeat', () => {
  it('ends with every topic stored once and exported once; duplicates only from requests in flight at a kill', async () => {
    sim = await startSimulator({ seed: 11, rpm: null, tpm: null, latency: { firstTokenMs: 60, jitterMs: 60, tokensPerSecond: 400 } });
    const topicsFile = join(dir, 'topics.txt');
    writeFileSync(topicsFile, Array.from({ length: TOPICS }, (_, i) => `Crash topic ${i + 1}`).join('\n'));
    const out = join(dir, 'out');
    const random = seededRandom(2026);
    const args = ['--base-url', sim.url, '--workers', '16', '--max-tokens', '20', '--out', out];

    let life = await cli(['run', topicsFile, ...args], 1 + Math.floor(random() * 30), random);
    const runId = life.runId!;
    expect(runId).toBeDefined();
    let kills = life.killed ? 1 : 0;
    let inFlightAtKills = 0;
    const countInterrupted = () => {
      // Opening the store marks the attempts that were in flight at the kill as interrupted.
      const store = openRunStore(join(dir, 'data'));
      try {
        const tasks = store.getTasks(runId);
        return tasks.reduce((n, t) => n + store.getAttempts(runId, t.id).filter((a) => a.status === 'interrupted').length, 0);
      } finally {
        store.close();
      }
    };
    let seenInterrupted = 0;
    while (life.killed) {
      const interrupted = countInterrupted();
      inFlightAtKills += interrupted - seenInterrupted;
      seenInterrupted = interrupted;
      const kill = kills < KILLS ? 1 + Math.floor(random() * 40) : undefined;
      life = await cli(['resume', runId], kill, random);
      if (life.killed) kills++;
    }
    expect(life.stderr.split('\n').filter((l) => l.startsWith('pacer:'))).toEqual([]);
    expect(life.code).toBe(0);
    expect(kills).toBe(KILLS);

    const store = openRunStore(join(dir, 'data'));
    try {
      const tasks = store.getTasks(runId);
      expect(tasks).toHaveLength(TOPICS);
      expect(tasks.filter((t) => t.status === 'done' && t.resultText)).toHaveLength(TOPICS);
      const paths = tasks.map((t) => t.exportedPath);
      expect(new Set(paths).size).toBe(TOPICS);
      const files = readdirSync(out).filter((f) => f.endsWith('.md'));
      expect(files).toHaveLength(TOPICS);
      expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const topicsInFiles = files.map((f) => /^topic: (".*")$/m.exec(readFileSync(join(out, f), 'utf8'))![1]!).map((t) => JSON.parse(t) as string);
      expect(new Set(topicsInFiles).size).toBe(TOPICS);
    } finally {
      store.close();
    }
    const stats = sim.stats();
    const sentTwice = stats.succeeded - TOPICS;
    expect(sentTwice).toBeLessThanOrEqual(inFlightAtKills);
    console.info(`crash test: ${kills} kills, ${inFlightAtKills} requests in flight at the kills, ${sentTwice} topics' requests succeeded twice, 0 topics lost`);
  }, 90_000);
});
