import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { startSimulatorInWorker } from '../../electron/providers/simulator/index.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { ARTICLE_PROMPT, articleOf, readResults, submit, taskLines, upload, jsonl } from './batch-support.ts';
import { chat, closeAll, rejection, sdk, simulator } from './simulator-support.ts';

afterEach(closeAll);

/**
 * completionMs 10 s: validating until 1 s, 20 lines finishing one every 400 ms from 1.4 s to
 * 9 s, finalizing until 10 s; a cancel takes 1 s.
 */
const BATCH = { completionMs: 10_000 };

async function batchOnClock(options: Parameters<typeof simulator>[0] = {}) {
  const clock = new FakeClock();
  const sim = await simulator({ clock, batch: BATCH, ...options });
  return { clock, sim, client: sdk(sim) };
}

const done = (batch: Batch) => (batch.request_counts?.completed ?? 0) + (batch.request_counts?.failed ?? 0);

describe('simulator Batch API, through the official SDK over HTTP', () => {
  it('runs a batch through validating, in progress, finalizing to completed, with every line in the output by custom_id', async () => {
    const { clock, sim, client } = await batchOnClock({ rpm: 500, tpm: 200_000 });
    const file = await upload(client, jsonl(taskLines(20)));
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'tasks.jsonl', bytes: Buffer.byteLength(jsonl(taskLines(20))) });
    await expect(client.files.retrieve(file.id)).resolves.toMatchObject({ id: file.id, purpose: 'batch' });

    const created = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    expect(created).toMatchObject({ object: 'batch', status: 'validating', input_file_id: file.id, output_file_id: null, completion_window: '24h' });
    expect(created.expires_at).toBe(created.created_at + 24 * 3_600);

    await clock.advance(1_000);
    const started = await client.batches.retrieve(created.id);
    expect(started.status).toBe('in_progress');
    expect(done(started)).toBe(0);
    await clock.advance(4_000);
    const halfway = await client.batches.retrieve(created.id);
    expect(halfway).toMatchObject({ status: 'in_progress', request_counts: { total: 20, completed: 10, failed: 0 } });
    await clock.advance(4_000);
    expect((await client.batches.retrieve(created.id)).status).toBe('finalizing');
    await clock.advance(1_000);
    const finished = await client.batches.retrieve(created.id);
    expect(finished).toMatchObject({ status: 'completed', request_counts: { total: 20, completed: 20, failed: 0 }, error_file_id: null });
    expect(finished.completed_at).toBe(finished.created_at + 10);

    const lines = await readResults(client, finished.output_file_id);
    const byId = new Map(lines.map((line) => [line.custom_id, line]));
    expect([...byId.keys()].sort()).toEqual(taskLines(20).map((line) => line.custom_id).sort());
    // In the order they finished, not the input's: a client must map them back.
    expect(lines.map((line) => line.custom_id)).not.toEqual(taskLines(20).map((line) => line.custom_id));
    for (const line of lines) {
      expect(line).toMatchObject({ error: null, response: { status_code: 200 } });
      expect(line.id).toMatch(/^batch_req_/);
      expect(line.response?.request_id).toMatch(/^req_/);
    }

    // The same composer as the online path: the same request gets the same article.
    const task3 = byId.get('task-3');
    expect(articleOf(task3!).split('\n')[0]).toBe('# Topic 3');
    const online = await client.chat.completions.create(chat(ARTICLE_PROMPT('topic 3'), { max_tokens: 60 }));
    expect(articleOf(task3!)).toBe(online.choices[0]?.message.content);
    const usage = task3?.response?.body.usage as { prompt_tokens: number; completion_tokens: number };
    expect(usage).toMatchObject({ prompt_tokens: online.usage?.prompt_tokens, completion_tokens: online.usage?.completion_tokens });
    const outputTokens = lines.reduce((sum, line) => sum + (line.response?.body.usage as { completion_tokens: number }).completion_tokens, 0);
    expect(finished.usage).toMatchObject({ input_tokens: 20 * usage.prompt_tokens, output_tokens: outputTokens });
    expect(sim.stats()).toMatchObject({ batchLinesSucceeded: 20, requests: 1 });
  });

  it('does not touch the online RPM/TPM', async () => {
    const { clock, client } = await batchOnClock({ rpm: 5, tpm: 1_000 });
    const batch = await submit(client, taskLines(30));
    await clock.advance(10_000);
    expect((await client.batches.retrieve(batch.id)).status).toBe('completed');
    // 30 lines of 60 max tokens each would be far over 5 RPM and 1,000 TPM.
    const { response } = await client.chat.completions.create(chat('Write about tea.', { max_tokens: 10 })).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('4');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe(String(1_000 - 4 - 10));
  });

  it('ends expired at the window, keeping the lines it finished; the rest come back as batch_expired', async () => {
    const { clock, client } = await batchOnClock({ batch: { ...BATCH, expiryMs: 5_000 } });
    const batch = await submit(client, taskLines(20));
    await clock.advance(5_000);
    const expired = await client.batches.retrieve(batch.id);
    expect(expired).toMatchObject({ status: 'expired', request_counts: { total: 20, completed: 10, failed: 10 }, completed_at: null });
    expect(expired.expired_at).toBe(expired.created_at + 5);

    const output = await readResults(client, expired.output_file_id);
    const errors = await readResults(client, expired.error_file_id);
    expect(output).toHaveLength(10);
    expect(errors).toHaveLength(10);
    for (const line of errors) expect(line).toMatchObject({ response: null, error: { code: 'batch_expired' } });
    const ids = [...output, ...errors].map((line) => line.custom_id).sort();
    expect(ids).toEqual(taskLines(20).map((line) => line.custom_id).sort());
  });

  it('cancels: cancelling, then cancelled with the finished lines delivered and the rest in neither file', async () => {
    const { clock, client } = await batchOnClock();
    const batch = await submit(client, taskLines(20));
    await clock.advance(3_000);
    const cancelling = await client.batches.cancel(batch.id);
    expect(cancelling.status).toBe('cancelling');
    // Lines stop finishing at the cancel.
    await clock.advance(500);
    expect(await client.batches.retrieve(batch.id)).toMatchObject({ status: 'cancelling', request_counts: { completed: 5 } });
    await expect(client.batches.cancel(batch.id)).resolves.toMatchObject({ status: 'cancelling' });
    await clock.advance(500);
    const cancelled = await client.batches.retrieve(batch.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', request_counts: { total: 20, completed: 5, failed: 0 }, error_file_id: null });
    expect(await readResults(client, cancelled.output_file_id)).toHaveLength(5);

    const finished = await submit(client, taskLines(2));
    await clock.advance(10_000);
    const refused = await rejection(client.batches.cancel(finished.id));
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).message).toContain("its status is 'completed'");
  });

  it('lists batches newest first, a page at a time', async () => {
    const { client } = await batchOnClock();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(client, taskLines(1))).id);
    const first = await client.batches.list({ limit: 2 });
    expect(first.data.map((batch) => batch.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const batch of client.batches.list({ limit: 2 })) all.push(batch.id);
    expect(all).toEqual([...ids].reverse());
    // Another key sees none of them.
    expect((await sdk({ url: client.baseURL }, 'sk-other').batches.list()).data).toEqual([]);
  });

  it('fails lines with the fault rates, seeded: the error file carries the non-200 response each got', async () => {
    const run = async () => {
      const { clock, client } = await batchOnClock({ seed: 7, faults: { serverErrorRate: 0.2, overloadRate: 0.1 } });
      const batch = await submit(client, taskLines(40));
      await clock.advance(10_000);
      const finished = await client.batches.retrieve(batch.id);
      return { finished, output: await readResults(client, finished.output_file_id), errors: await readResults(client, finished.error_file_id) };
    };
    const { finished, output, errors } = await run();
    expect(finished.status).toBe('completed');
    expect(errors.length).toBeGreaterThan(0);
    expect(finished.request_counts).toEqual({ total: 40, completed: output.length, failed: errors.length });
    for (const line of errors) {
      expect(line.error).toBeNull();
      expect([500, 503]).toContain(line.response?.status_code);
      expect(line.response?.body).toMatchObject({ error: { type: 'server_error' } });
    }
    const again = await run();
    expect(again.errors.map((line) => line.custom_id).sort()).toEqual(errors.map((line) => line.custom_id).sort());
  });

  it('serves batches from a simulator in a worker thread, options included', async () => {
    const sim = await startSimulatorInWorker({ batch: { completionMs: 0 } });
    try {
      const client = sdk(sim);
      const batch = await submit(client, taskLines(3));
      expect(batch).toMatchObject({ status: 'completed', request_counts: { total: 3, completed: 3, failed: 0 } });
      expect(await readResults(client, batch.output_file_id)).toHaveLength(3);
    } finally {
      await sim.close();
    }
  });
});
