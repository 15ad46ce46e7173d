import { describe, expect, it } from 'vitest';
import { mapBatchResults } from '../../../../electron/engine/batch/batch-results.ts';

const ok = (id: string, text: string) =>
  JSON.stringify({ id: `batch_req_${id}`, custom_id: id, response: { status_code: 200, body: { choices: [{ message: { content: text } }], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } } }, error: null });
const failed = (id: string, status: number, code: string) => JSON.stringify({ custom_id: id, response: { status_code: status, body: { error: { code, message: `failed ${code}` } } }, error: null });
const expired = (id: string) => JSON.stringify({ custom_id: id, response: null, error: { code: 'batch_expired', message: 'expired' } });

describe('mapBatchResults', () => {
  it('maps lines back by custom_id whatever their order, and names the lines in neither file', () => {
    const mapped = mapBatchResults(['a', 'b', 'c', 'd', 'e'], `${ok('c', 'C')}\n${ok('a', 'A')}\n`, [failed('b', 500, 'server_error'), expired('d')].join('\n'));
    expect(mapped.results.get('a')).toEqual({ kind: 'done', text: 'A', usage: { promptTokens: 5, completionTokens: 7, totalTokens: 12 } });
    expect(mapped.results.get('c')).toMatchObject({ kind: 'done', text: 'C' });
    expect(mapped.results.get('b')).toMatchObject({ kind: 'failed', error: { kind: 'server_error', decision: 'retry', status: 500 } });
    expect(mapped.results.get('d')).toMatchObject({ kind: 'failed', error: { kind: 'timeout', decision: 'retry', code: 'batch_expired' } });
    expect(mapped.missing).toEqual(['e']);
  });

  it('fails a line the server refused as a request, and retries a rate-limited one', () => {
    const mapped = mapBatchResults(['a', 'b'], '', [failed('a', 400, 'context_length_exceeded'), failed('b', 429, 'rate_limit_exceeded')].join('\n'));
    expect(mapped.results.get('a')).toMatchObject({ kind: 'failed', error: { kind: 'bad_request', decision: 'fail_task', code: 'context_length_exceeded' } });
    expect(mapped.results.get('b')).toMatchObject({ kind: 'failed', error: { kind: 'rate_limited', decision: 'retry' } });
  });

  it('ignores lines of other tasks and torn lines; a success outranks a failure of the same line', () => {
    const mapped = mapBatchResults(['a'], `${ok('zz', 'Z')}\n{"custom_id": "a", "resp\n${ok('a', 'A')}\n`, failed('a', 500, 'server_error'));
    expect(mapped.strays).toBe(1);
    expect(mapped.results.get('a')).toMatchObject({ kind: 'done', text: 'A' });
    expect(mapped.missing).toEqual([]);
  });
});
