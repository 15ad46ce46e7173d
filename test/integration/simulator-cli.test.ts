import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
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

  it('serves the Batch API with the batch timing and enqueued-token limit from flags', async () => {
    const sim = start(['--batch-completion-ms', '0', '--batch-enqueued-tokens', '10']);
    const client = new OpenAI({ baseURL: await sim.url, apiKey: 'sk-cli', maxRetries: 0 });
    const submit = async (content: string) => {
      const file = await client.files.create({ file: await toFile(Buffer.from(`${content}\n`), 'one.jsonl'), purpose: 'batch' });
      return client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    };
    const line = (text: string) => JSON.stringify({ custom_id: 'one', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], max_tokens: 5 } });
    // Done as soon as created: 0 ms to complete.
    await expect(submit(line('hi'))).resolves.toMatchObject({ status: 'completed', request_counts: { completed: 1 } });
    // 48 characters: 12 prompt tokens, over the limit of 10.
    const tooBig = await submit(line('x'.repeat(48)));
    expect(tooBig.errors?.data?.[0]?.code).toBe('token_limit_exceeded');
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });
});
