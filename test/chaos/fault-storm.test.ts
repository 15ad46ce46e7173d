import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import { asBody, chaosSeed, cliLife, fullArticle, histogram, readArticles } from './chaos-support.ts';

const TOPICS = 300;
const MAX_ATTEMPTS = 3;
const SEED = chaosSeed(15);
const dir = mkdtempSync(join(tmpdir(), 'pacer-storm-'));
let sim: RunningSimulator | undefined;
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`fault storm: 300 tasks through the CLI against a simulator that fails a quarter of its replies (seed ${SEED})`, () => {
  it('ends every task done or failed with its reason, within its attempts, and writes no article from a cut reply', async () => {
    sim = await startSimulator({
      seed: SEED,
      rpm: null,
      tpm: null,
      trackPrompts: true,
      latency: { firstTokenMs: 40, jitterMs: 60, tokensPerSecond: 2_000 },
      // 10 % 5xx (500s and 503 overloads), 5 % hangs, and 11 % replies that start and break off.
      faults: { serverErrorRate: 0.07, overloadRate: 0.03, hangRate: 0.05, dropRate: 0.03, truncateRate: 0.03, resetRate: 0.03, stallRate: 0.02 },
    });
    const topicsFile = join(dir, 'topics.txt');
    writeFileSync(topicsFile, Array.from({ length: TOPICS }, (_, i) => `Storm topic ${i + 1}`).join('\n'));
    const out = join(dir, 'out');
    const data = join(dir, 'data');
    // --timeout 3: hung and stalled replies end there; a whole reply takes ~0.2 s, far below it even on a busy machine.
    const args = ['run', topicsFile, '--base-url', sim.url, '--workers', '16', '--max-tokens', '60', '--max-attempts', String(MAX_ATTEMPTS), '--timeout', '3', '--out', out];
    const life = await cliLife(args, { dataDir: data, sim, timeoutMs: 240_000 });

    const runId = life.events.find((e) => e.runId !== undefined)?.runId;
    expect(runId).toBeDefined();
    const terminal = life.events.filter((e) => e.type === 'task.done' || e.type === 'task.failed');
    // One terminal event per task, never two.
    expect(terminal).toHaveLength(TOPICS);
    expect(new Set(terminal.map((e) => e.taskId)).size).toBe(TOPICS);

    const store = openRunStore(data);
    try {
      const detail = store.getRun(runId!)!;
      const tasks = store.getTasks(runId!);
      expect(tasks).toHaveLength(TOPICS);
      expect(tasks.filter((t) => t.status !== 'done' && t.status !== 'failed')).toEqual([]);
      const done = tasks.filter((t) => t.status === 'done');
      const failed = tasks.filter((t) => t.status === 'failed');
      expect(life.code).toBe(failed.length > 0 ? 1 : 0);

      let attemptsStored = 0;
      const attemptKinds = new Map<string, number>();
      for (const task of tasks) {
        const attempts = store.getAttempts(runId!, task.id);
        attemptsStored += attempts.length;
        expect(attempts.length, `task ${task.id}`).toBeLessThanOrEqual(MAX_ATTEMPTS);
        expect(task.attempts).toBe(attempts.length);
        expect(attempts.filter((a) => a.status === 'running' || a.status === 'interrupted')).toEqual([]);
        for (const a of attempts) if (a.error) attemptKinds.set(a.error.kind, (attemptKinds.get(a.error.kind) ?? 0) + 1);
        if (task.status === 'done') {
          expect(attempts.map((a) => a.status)).toEqual([...Array<string>(attempts.length - 1).fill('failed'), 'ok']);
          // The stored article is the simulator's whole reply, not a cut one.
          expect(task.resultText).toBe(fullArticle(SEED, detail.settings, task.prompt));
        } else {
          expect(attempts.every((a) => a.status === 'failed')).toBe(true);
          expect(attempts).toHaveLength(MAX_ATTEMPTS);
          expect(task.error?.message).toMatch(new RegExp(`^Gave up after ${MAX_ATTEMPTS} attempts: .+`));
          expect(task.error?.kind).toBe(attempts.at(-1)!.error!.kind);
          expect(task.resultText).toBeNull();
          expect(task.exportedPath).toBeNull();
        }
      }

      // Every request the server saw is an attempt on record: no hidden retries.
      const stats = sim.stats();
      expect(stats.requests).toBe(attemptsStored);
      // Each done article was paid once; no failed task's article was paid and thrown away.
      const successes = successesByPrompt(stats);
      expect(done.map((t) => successes.get(t.prompt) ?? 0).filter((n) => n !== 1)).toEqual([]);
      expect(failed.map((t) => successes.get(t.prompt) ?? 0).filter((n) => n !== 0)).toEqual([]);
      // Every kind of fault happened, and was retried as what it is.
      for (const count of [stats.serverErrors, stats.hangs, stats.drops, stats.truncations, stats.resets, stats.stalls]) expect(count).toBeGreaterThan(0);
      expect([...attemptKinds.keys()].sort()).toEqual(['network', 'server_error', 'timeout']);

      // One file per done task, holding exactly its stored (whole) article; none for a failed one.
      const articles = readArticles(out);
      expect(articles).toHaveLength(done.length);
      expect(readdirSync(out).filter((f) => !f.endsWith('.md'))).toEqual([]);
      const byTopic = new Map(articles.map((a) => [a.topic, a.body]));
      for (const task of done) expect(byTopic.get(task.topic), task.topic).toBe(asBody(task.resultText!));

      console.info(
        `fault storm: ${TOPICS} tasks, ${done.length} done, ${failed.length} failed (${failed.map((t) => t.error?.kind).join(', ')}); ` +
          `${stats.requests} requests: ${stats.serverErrors} 5xx, ${stats.hangs} hangs, ${stats.drops} drops, ${stats.truncations} truncated, ` +
          `${stats.resets} resets, ${stats.stalls} stalls; attempts per task {${histogram(tasks.map((t) => t.attempts))}}`,
      );
    } finally {
      store.close();
    }
  }, 300_000);
});
