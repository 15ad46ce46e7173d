import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { FakeClock } from '../support/fake-clock.ts';
import { chatLine, jsonl, readResults, submit, taskLines, upload } from './batch-support.ts';
import { closeAll, rejection, sdk, simulator } from './simulator-support.ts';

afterEach(closeAll);

async function batchOnClock(batch: NonNullable<Parameters<typeof simulator>[0]>['batch'] = {}) {
  const clock = new FakeClock();
  const sim = await simulator({ clock, batch: { completionMs: 10_000, ...batch } });
  const client = sdk(sim);
  /** The batch once validation is over. */
  const validated = async (created: Batch) => {
    await clock.advance(1_000);
    return client.batches.retrieve(created.id);
  };
  return { clock, client, validated };
}

const errorsOf = (batch: Batch) => batch.errors?.data?.map(({ code, line }) => ({ code, line }));

describe('simulator Batch API validation', () => {
  it('fails a batch with bad lines at validation, naming each line and its problem, and runs none of it', async () => {
    const { client, validated } = await batchOnClock();
    const lines = [
      chatLine('a', 'tea'),
      chatLine('a', 'coffee'),
      '{"custom_id": "b", "method": "POST"',
      { ...chatLine('c', 'tea'), url: '/v1/embeddings' },
      { ...chatLine('d', 'tea'), method: 'GET' },
      chatLine('e', 'tea', { model: 'gpt-4o' }),
      chatLine('f', 'tea', { model: 'no-such-model' }),
      chatLine('g', 'tea', { max_tokens: 0 }),
      chatLine('h', 'tea', { stream: true }),
      { ...chatLine('', 'tea') },
    ];
    const created = await submit(client, lines);
    expect(created.status).toBe('validating');
    const failed = await validated(created);
    expect(failed).toMatchObject({ status: 'failed', request_counts: { total: 0, completed: 0, failed: 0 }, output_file_id: null, error_file_id: null });
    expect(failed.failed_at).toBe(failed.created_at + 1);
    expect(errorsOf(failed)).toEqual([
      { code: 'duplicate_custom_id', line: 2 },
      { code: 'invalid_json_line', line: 3 },
      { code: 'url_mismatch', line: 4 },
      { code: 'invalid_value', line: 5 },
      { code: 'model_mismatch', line: 6 },
      { code: 'model_not_found', line: 7 },
      { code: 'invalid_value', line: 8 },
      { code: 'invalid_value', line: 9 },
      { code: 'missing_required_parameter', line: 10 },
    ]);
    expect(failed.errors?.data?.[0]?.message).toBe("The custom_id 'a' is on line 1 and again here; each request needs its own custom_id.");
  });

  it('fails an empty file and one over the request limit', async () => {
    const { client, validated } = await batchOnClock({ maxFileRequests: 3 });
    expect(errorsOf(await validated(await submit(client, ['', ' '])))).toEqual([{ code: 'empty_file', line: null }]);
    const tooMany = await validated(await submit(client, taskLines(4)));
    expect(errorsOf(tooMany)).toEqual([{ code: 'too_many_tasks', line: null }]);
    expect(tooMany.errors?.data?.[0]?.message).toContain('has 4 requests; a batch may have at most 3');
  });

  it('fails a batch that would go over the enqueued-token limit, until the batches ahead of it finish', async () => {
    // A line's prompt: "Write an SEO article about topic N." = 35 chars = 9 tokens by chars/4.
    const { clock, client, validated } = await batchOnClock({ enqueuedTokenLimit: 100 });
    const first = await submit(client, taskLines(10));
    const second = await validated(await submit(client, taskLines(2)));
    expect(second).toMatchObject({ status: 'failed', model: 'gpt-4o-mini' });
    expect(second.errors?.data).toEqual([
      {
        code: 'token_limit_exceeded',
        line: null,
        param: null,
        message: 'Enqueued token limit reached for gpt-4o-mini in organization org-sim. Limit: 100 enqueued tokens. Please try again once some in_progress batches have been completed.',
      },
    ]);
    // A failed batch holds nothing in the queue; a tenth line fits beside the first batch.
    expect((await validated(await submit(client, taskLines(1)))).status).toBe('in_progress');
    await clock.advance(10_000);
    expect((await client.batches.retrieve(first.id)).status).toBe('completed');
    expect((await validated(await submit(client, taskLines(10)))).status).toBe('in_progress');
  });

  it('takes a per-model enqueued-token limit over the general one', async () => {
    const { client, validated } = await batchOnClock({ enqueuedTokenLimit: null, enqueuedTokenLimits: { 'gpt-4o': 10 } });
    expect(errorsOf(await validated(await submit(client, taskLines(2, 'gpt-4o'))))).toEqual([{ code: 'token_limit_exceeded', line: null }]);
    expect((await validated(await submit(client, taskLines(200)))).status).toBe('in_progress');
  });

  it('refuses uploads that are not batch JSONL files or are too large, with OpenAI-style 400s', async () => {
    const { client } = await batchOnClock({ maxFileBytes: 1_000 });
    const refusal = async (promise: Promise<unknown>) => {
      const error = await rejection(promise);
      expect(error).toBeInstanceOf(BadRequestError);
      return (error as BadRequestError).message;
    };
    expect(await refusal(upload(client, jsonl(taskLines(1)), 'tasks.txt'))).toContain("Invalid file format for Batch API. Must be .jsonl (got 'tasks.txt')");
    expect(await refusal(upload(client, jsonl(taskLines(1)), 'tasks.jsonl', 'fine-tune'))).toContain("purpose must be 'batch', got 'fine-tune'");
    const big = jsonl(taskLines(20));
    expect(await refusal(upload(client, big))).toContain(`The file is ${Buffer.byteLength(big)} bytes, over the Batch API's limit of 1000 bytes`);
  });

  it('refuses batches for unknown files, other endpoints or windows, and output files as input', async () => {
    const { clock, client } = await batchOnClock();
    const create = (input_file_id: string, overrides: Record<string, string> = {}) =>
      client.batches.create({ input_file_id, endpoint: '/v1/chat/completions', completion_window: '24h', ...overrides } as Parameters<typeof client.batches.create>[0]);
    const missing = await rejection(create('file-nope'));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).message).toContain('No such File object: file-nope');
    await expect(client.batches.retrieve('batch_nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.files.retrieve('file-nope')).rejects.toBeInstanceOf(NotFoundError);

    const file = await upload(client, jsonl(taskLines(1)));
    await expect(create(file.id, { endpoint: '/v1/embeddings' })).rejects.toThrow("the simulator runs batches for '/v1/chat/completions' only, got '/v1/embeddings'");
    await expect(create(file.id, { completion_window: '1h' })).rejects.toThrow("only '24h' is supported, got '1h'");

    const batch = await create(file.id);
    await clock.advance(10_000);
    const { output_file_id: outputId } = await client.batches.retrieve(batch.id);
    await expect(client.files.retrieve(outputId ?? '')).resolves.toMatchObject({ purpose: 'batch_output' });
    expect(await readResults(client, outputId)).toHaveLength(1);
    await expect(create(outputId ?? '')).rejects.toThrow("has purpose 'batch_output'; a batch's input file must be uploaded with purpose 'batch'");
  });

  it('asks for a key on every Batch API route', async () => {
    const { client } = await batchOnClock();
    const response = await fetch(`${client.baseURL}/batches`);
    expect(response.status).toBe(401);
  });
});
