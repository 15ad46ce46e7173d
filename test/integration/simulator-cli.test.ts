import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { parseGoDuration } from './simulator-support.ts';

/** The standalone simulator (electron/providers/simulator/main.ts) as a user starts it. */
const MAIN = fileURLToPath(new URL('../../electron/providers/simulator/main.ts', import.meta.url));
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(args: string[]) {
  const child = spawn(process.execPath, [MAIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /Base URL: (\S+)/.exec(line);
      if (match) resolve(match[1] as string);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  // A test that expects the exit does not read the URL.
  url.catch(() => undefined);
  return { child, url, exited, stderr: () => stderr };
}

describe('the standalone simulator', () => {
  it('takes a shape per dimension from flags: a fixed-window server says how long its window has left', async () => {
    const sim = start(['--rpm', '600', '--tpm', 'none', '--shape-requests', 'window:60', '--first-token-ms', '0', '--jitter-ms', '0']);
    const client = new OpenAI({ baseURL: await sim.url, apiKey: 'sk-cli', maxRetries: 0 });
    const { response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }).withResponse();
    const seenAt = Date.now();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('599');
    // A bucket would say 100ms; a minute window ends on the next whole minute of the clock.
    const reset = parseGoDuration(response.headers.get('x-ratelimit-reset-requests') ?? '');
    const offBoundary = (seenAt + reset) % 60_000;
    expect(Math.min(offBoundary, 60_000 - offBoundary)).toBeLessThan(1_000);
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });

  it('refuses a bad shape with the flag, the value and the usage, exit code 2', async () => {
    const sim = start(['--shape-tokens', 'window:0']);
    expect(await sim.exited).toBe(2);
    expect(sim.stderr()).toContain("--shape-tokens: Simulator option 'shape-tokens.seconds' must be a whole number of seconds from 1 to 60, got 0");
    expect(sim.stderr()).toContain('Usage: main.ts');
  });
});
