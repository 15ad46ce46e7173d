import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeArticle } from '../../electron/providers/simulator/completion-text.ts';
import { resolveOptions } from '../../electron/providers/simulator/options.ts';
import type { RunningSimulator } from '../../electron/providers/simulator/start-simulator.ts';
import type { RunSettings } from '../../shared/domain/settings.ts';
import { CLI_MAIN } from '../support/cli-process.ts';

/**
 * The seed of a chaos test's simulator and kill moments: fixed, so a failure repeats; CHAOS_SEED
 * explores others (`CHAOS_SEED=7 npm run test:chaos`), and a failure names the seed it used.
 */
export function chaosSeed(fixed: number): number {
  const text = process.env.CHAOS_SEED;
  if (text === undefined || text === '') return fixed;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`CHAOS_SEED must be an integer, got ${JSON.stringify(text)}`);
  return seed;
}

/** One life of the CLI: how it ended, what it printed, and (when it was killed) what was in flight then. */
export interface Life {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly killed: boolean;
  /** The engine's events (--json), one object per line; a killed life's last line may be cut and is left out. */
  readonly events: readonly CliEvent[];
  readonly stderr: string;
  /** Chat requests the simulator had open at the moment of the kill. */
  readonly simInFlightAtKill: number | undefined;
}

export interface CliEvent {
  readonly type: string;
  readonly runId?: string;
  readonly taskId?: string;
  readonly [field: string]: unknown;
}

/** When to SIGKILL a life: some time after spawn, or some time after its n-th finished task. */
export type KillMoment = { readonly afterSpawnMs: number } | { readonly afterDone: number; readonly delayMs: number };

export interface LifeOptions {
  readonly dataDir: string;
  /** None: the life runs to its end. */
  readonly kill?: KillMoment;
  readonly sim: RunningSimulator;
  /** A life that outlives this is killed and the test fails on it. */
  readonly timeoutMs: number;
}

/**
 * Runs the CLI as a user does (node electron/cli/main.ts …, its own process), with --json and
 * --data, and SIGKILLs it at the asked moment: mid-request, mid-write, mid-export or mid-startup.
 */
export function cliLife(args: readonly string[], options: LifeOptions): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args, '--json', '--data', options.dataDir], {
      env: { ...process.env, OPENAI_API_KEY: 'sk-chaos-test', PACER_DATA_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { kill: moment } = options;
    const events: CliEvent[] = [];
    let buffer = '';
    let stderr = '';
    let done = 0;
    let killed = false;
    let simInFlightAtKill: number | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const killIn = (ms: number) => {
      killTimer ??= setTimeout(() => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        killed = true;
        simInFlightAtKill = options.sim.stats().inFlight;
        process.kill(child.pid!, 'SIGKILL');
      }, ms);
    };
    if (moment && 'afterSpawnMs' in moment) killIn(moment.afterSpawnMs);
    const hung = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The CLI did not end within ${options.timeoutMs} ms. stderr:\n${stderr}`));
    }, options.timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, newline)) as CliEvent;
        buffer = buffer.slice(newline + 1);
        events.push(event);
        if (event.type === 'task.done') done++;
        if (moment && 'afterDone' in moment && done >= moment.afterDone) killIn(moment.delayMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(hung);
      clearTimeout(killTimer);
      resolve({ code, signal, killed, events, stderr, simInFlightAtKill });
    });
  });
}

/** The article the simulator sends in full for this run's task prompt: what a complete reply holds. */
export function fullArticle(seed: number, settings: RunSettings, prompt: string): string {
  // The simulator's text is a function of every message's text (chat-request.ts), as Pacer sends them.
  const texts = settings.systemPrompt.trim() ? [settings.systemPrompt, prompt] : [prompt];
  const request = { conversation: texts.join('\n'), lastUserMessage: prompt, maxTokens: settings.maxTokens };
  // The chaos tests leave the simulator's completion ratio at its default.
  return composeArticle(seed, request, resolveOptions().completionRatio).pieces.join('');
}

/** Every Markdown file in `dir`: its topic (front matter) and its body, as article-markdown.ts writes them. */
export function readArticles(dir: string): { file: string; topic: string; body: string }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const end = text.indexOf('\n---\n\n');
      const topic = JSON.parse(/^topic: (".*")$/m.exec(text)?.[1] ?? 'null') as string;
      return { file, topic, body: text.slice(end + '\n---\n\n'.length) };
    });
}

/** A file's body for a stored text: article-markdown.ts ends it with one newline. */
export function asBody(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** "1: 220, 2: 61, 3: 19" */
export function histogram(values: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([value, count]) => `${value}: ${count}`)
    .join(', ');
}
