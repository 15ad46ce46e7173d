import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../electron/engine/random.ts';
import { startSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import { successesByPrompt } from '../../electron/providers/simulator/stats.ts';
import { openRunStore } from '../../electron/store/open-database.ts';
import type { KillMoment, Life } from './chaos-support.ts';
import { asBody, chaosSeed, cliLife, fullArticle, histogram, readArticles } from './chaos-support.ts';

const TOPICS = 300;
const KILLS = 20;
const SEED = chaosSeed(16);
const dir = mkdtempSync(join(tmpdir(), 'pacer-kills-'));
const data = join(dir, 'data');
let sim: RunningSimulator | undefined;
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Attempts the store holds as interrupted: each was in flight when a process died, and may have been paid. */
function interruptedAttempts(runId: string): Map<string, number> {
  // Opening the store is what marks the attempts a kill left running as interrupted.
  const store = openRunStore(data);
  try {
    const byTask = new Map<string, number>();
    for (const task of store.getTasks(runId)) {
      const count = store.getAttempts(runId, task.id).filter((a) => a.status === 'interrupted').length;
      if (count > 0) byTask.set(task.id, count);
    }
    return byTask;
  } finally {
    store.close();
  }
}

const total = (counts: ReadonlyMap<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

describe(`SIGKILL storm: 20 kills at random moments of a 300-task CLI run, resumed each time (seed ${SEED})`, () => {
  it('exports every topic exactly once, whole, and pays twice only for requests in flight at a kill', async () => {
    // The simulator lives in this process, so it sees every request of every life of the CLI.
    sim = await startSimulator({ seed: SEED, rpm: null, tpm: null, trackPrompts: true, latency: { firstTokenMs: 80, jitterMs: 120, tokensPerSecond: 250 }, faults: { serverErrorRate: 0.05 } });
    const topicsFile = join(dir, 'topics.txt');
    writeFileSync(topicsFile, Array.from({ length: TOPICS }, (_, i) => `Kill topic ${i + 1}`).join('\n'));
    const out = join(dir, 'out');
    const random = seededRandom(SEED * 1_000 + 16);
    // Moments spread over the whole run: most after 0 to 21 more tasks of this life finished (so
    // about 220 of the 300 are done by the 20th kill), then either within 20 ms (the article being
    // stored and written) or up to 250 ms (requests mid-stream); some while the CLI starts (opening
    // the store, writing the articles it owes).
    const progressMoment = (): KillMoment => ({ afterDone: Math.floor(random() * 22), delayMs: Math.floor(random() * (random() < 0.5 ? 20 : 250)) });
    const moment = (): KillMoment => (random() < 0.15 ? { afterSpawnMs: 100 + Math.floor(random() * 900) } : progressMoment());
    const base = { dataDir: data, sim, timeoutMs: 120_000 };

    // The first life dies once the run is stored and going, so its id is known.
    const args = ['run', topicsFile, '--base-url', sim.url, '--workers', '6', '--max-tokens', '40', '--out', out];
    let life: Life = await cliLife(args, { ...base, kill: progressMoment() });
    const runId = life.events.find((e) => e.runId !== undefined)?.runId;
    expect(runId, life.stderr).toBeDefined();
    const kills: { inFlight: number; simInFlight: number; doneSoFar: number }[] = [];
    let interrupted = new Map<string, number>();
    while (life.killed) {
      const now = interruptedAttempts(runId!);
      const store = openRunStore(data);
      const doneSoFar = store.getTasks(runId!, { status: 'done' }).length;
      store.close();
      kills.push({ inFlight: total(now) - total(interrupted), simInFlight: life.simInFlightAtKill ?? 0, doneSoFar });
      interrupted = now;
      life = await cliLife(['resume', runId!], { ...base, ...(kills.length < KILLS && { kill: moment() }) });
    }
    expect(life.stderr.split('\n').filter((line) => line.startsWith('pacer:'))).toEqual([]);
    expect(life.code).toBe(0);
    expect(kills).toHaveLength(KILLS);

    const store = openRunStore(data);
    try {
      const detail = store.getRun(runId!)!;
      const tasks = store.getTasks(runId!);
      expect(tasks).toHaveLength(TOPICS);
      expect(tasks.filter((t) => t.status !== 'done')).toEqual([]);
      for (const task of tasks) expect(task.resultText, task.topic).toBe(fullArticle(SEED, detail.settings, task.prompt));

      // Exactly one file per topic, each holding its whole article; no temporary file left.
      const articles = readArticles(out);
      expect(articles).toHaveLength(TOPICS);
      expect(readdirSync(out).filter((f) => !f.endsWith('.md'))).toEqual([]);
      expect(new Set(articles.map((a) => a.topic)).size).toBe(TOPICS);
      const byTopic = new Map(articles.map((a) => [a.topic, a.body]));
      for (const task of tasks) expect(byTopic.get(task.topic), task.topic).toBe(asBody(task.resultText!));
      expect(new Set(tasks.map((t) => t.exportedPath)).size).toBe(TOPICS);

      // Paid twice: a topic the server answered in full more than once. Each such extra answer
      // must be a request that was in flight when a process died (an interrupted attempt of that topic).
      const successes = successesByPrompt(sim.stats());
      const paidTwice = new Map<string, number>();
      for (const task of tasks) {
        const count = successes.get(task.prompt) ?? 0;
        expect(count, task.topic).toBeGreaterThanOrEqual(1);
        if (count > 1) paidTwice.set(task.id, count - 1);
      }
      for (const [taskId, extra] of paidTwice) expect(extra, `task ${taskId}`).toBeLessThanOrEqual(interrupted.get(taskId) ?? 0);
      const inFlightAtKills = kills.reduce((n, k) => n + k.inFlight, 0);
      expect(total(paidTwice)).toBeLessThanOrEqual(inFlightAtKills);

      console.info(
        `kill storm: ${kills.length} kills; in flight at each (store's interrupted attempts) [${kills.map((k) => k.inFlight).join(' ')}] = ${inFlightAtKills}, ` +
          `simulator's open requests at each [${kills.map((k) => k.simInFlight).join(' ')}]; done before each kill [${kills.map((k) => k.doneSoFar).join(' ')}]; ` +
          `${total(paidTwice)} requests paid twice (${paidTwice.size} topics); ${sim.stats().requests} requests for ${TOPICS} topics; ` +
          `attempts per task {${histogram(tasks.map((t) => t.attempts))}}`,
      );
    } finally {
      store.close();
    }
  }, 600_000);
});
