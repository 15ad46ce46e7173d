import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../electron/providers/provider.ts';
import type { HeaderMap } from '../../../electron/providers/provider.ts';
import { classifyError, finalMessage } from '../../../electron/engine/retry/classify-error.ts';
import { isUnreachable } from '../../../electron/engine/retry/unreachable.ts';
import type { AttemptError } from '../../../shared/domain/errors.ts';

const NOW = 1_700_000_000_000;

// Bodies from provider-behaviour.md, wrapped the way the OpenAI provider wraps an APIError.
const TPM_MESSAGE =
  'Rate limit reached for gpt-4o-mini in organization org-abc on tokens per min (TPM): Limit 200000, Used 170633, Requested 180002. Please try again in 45.19s. Visit https://platform.openai.com/account/rate-limits to learn more.';
const RPM_MESSAGE =
  'Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.';
const QUOTA_MESSAGE =
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.';
const TOO_LARGE_MESSAGE =
  'Request too large for gpt-5 in organization org-abc on tokens per min (TPM): Limit 30000, Requested 36055. The input or output tokens must be reduced in order to run successfully.';
const SERVER_MESSAGE = 'The server had an error while processing your request. Sorry about that!';
const OVERLOADED_MESSAGE = 'The engine is currently overloaded, please try again later';

function http(status: number, body: { code?: string; type?: string; message: string }, headers: HeaderMap = {}): ProviderError {
  return new ProviderError({ failure: 'http', status, ...body, headers });
}

interface Row {
  readonly name: string;
  readonly error: unknown;
  readonly expected: Partial<AttemptError>;
  /** Fragments the human message must contain. */
  readonly says: readonly string[];
}

const rows: Row[] = [
  {
    name: '429 TPM rate limit',
    error: http(429, { code: 'rate_limit_exceeded', type: 'tokens', message: TPM_MESSAGE }, { 'retry-after': '46', 'retry-after-ms': '45190' }),
    expected: { kind: 'rate_limited', decision: 'retry', limit: 'tokens', retryAfterMs: 45_190, status: 429, code: 'rate_limit_exceeded' },
    says: ['Rate limit reached on tokens', TPM_MESSAGE],
  },
  {
    name: '429 RPM rate limit',
    error: http(429, { code: 'rate_limit_exceeded', type: 'requests', message: RPM_MESSAGE }, { 'retry-after': '20' }),
    expected: { kind: 'rate_limited', decision: 'retry', limit: 'requests', retryAfterMs: 20_000 },
    says: ['on requests', RPM_MESSAGE],
  },
  {
    name: '429 told by the type only',
    error: http(429, { code: 'rate_limit_exceeded', type: 'requests', message: 'Rate limit reached, please slow down.' }),
    expected: { kind: 'rate_limited', decision: 'retry', limit: 'requests' },
    says: [],
  },
  {
    name: '429 TPM told by the message only',
    error: http(429, { code: 'rate_limit_exceeded', message: TPM_MESSAGE }),
    expected: { kind: 'rate_limited', decision: 'retry', limit: 'tokens' },
    says: [],
  },
  {
    name: '429 RPD told by the message only',
    error: http(429, { code: 'rate_limit_exceeded', message: 'Rate limit reached on requests per day (RPD): Limit 200, Used 200.' }),
    expected: { kind: 'rate_limited', decision: 'retry', limit: 'requests' },
    says: [],
  },
  {
    name: '429 with no body detail, remaining-requests header at 0',
    error: http(429, { message: 'Too Many Requests' }, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-remaining-tokens': '1200' }),
    expected: { kind: 'rate_limited', decision: 'retry', limit: 'requests' },
    says: [],
  },
  {
    name: '429 insufficient_quota',
    error: http(429, { code: 'insufficient_quota', type: 'insufficient_quota', message: QUOTA_MESSAGE }, { 'retry-after': '1' }),
    expected: { kind: 'quota', decision: 'stop_run', code: 'insufficient_quota' },
    says: ['Your account is out of quota (insufficient_quota): check your plan and billing, then resume the run.', QUOTA_MESSAGE],
  },
  {
    name: '429 Request too large (code rate_limit_exceeded)',
    error: http(429, { code: 'rate_limit_exceeded', type: 'tokens', message: TOO_LARGE_MESSAGE }),
    expected: { kind: 'too_large', decision: 'fail_task' },
    says: ['can never succeed as is', TOO_LARGE_MESSAGE],
  },
  {
    name: '429 engine overloaded',
    error: http(429, { type: 'server_error', message: OVERLOADED_MESSAGE }),
    expected: { kind: 'server_error', decision: 'retry', limit: undefined },
    says: ['overloaded'],
  },
  {
    name: '503 engine overloaded',
    error: http(503, { type: 'server_error', message: OVERLOADED_MESSAGE }),
    expected: { kind: 'server_error', decision: 'retry' },
    says: ['overloaded (503 server_error)', OVERLOADED_MESSAGE],
  },
  ...[500, 502, 503, 504].map(
    (status): Row => ({
      name: `${status} server error`,
      error: http(status, { type: 'server_error', message: SERVER_MESSAGE }),
      expected: { kind: 'server_error', decision: 'retry', status },
      says: [`(${status} server_error)`, SERVER_MESSAGE],
    }),
  ),
  {
    name: '408 request timeout',
    error: http(408, { message: 'Request Timeout' }),
    expected: { kind: 'timeout', decision: 'retry' },
    says: ['408'],
  },
  {
    name: '409 conflict',
    error: http(409, { message: 'Conflict' }),
    expected: { kind: 'server_error', decision: 'retry' },
    says: ['409'],
  },
  {
    name: '401 invalid_api_key',
    error: http(401, { code: 'invalid_api_key', type: 'invalid_request_error', message: 'Incorrect API key provided: sk-abc***xyz.' }),
    expected: { kind: 'auth', decision: 'stop_run', code: 'invalid_api_key' },
    says: ['The API key was rejected (401 invalid_api_key). Check the key (OPENAI_API_KEY or Settings).', 'Incorrect API key provided'],
  },
  {
    name: '403 forbidden',
    error: http(403, { code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' }),
    expected: { kind: 'auth', decision: 'stop_run' },
    says: ['Access was denied (403 unsupported_country_region_territory)'],
  },
  {
    name: '404 model_not_found',
    error: http(404, { code: 'model_not_found', type: 'invalid_request_error', message: 'The model `gpt-9` does not exist or you do not have access to it.' }),
    expected: { kind: 'model_not_found', decision: 'stop_run' },
    says: ["Model 'gpt-9' was not found (404 model_not_found). Pick a model your provider serves.", 'does not exist'],
  },
  {
    name: '404 without a code (a wrong base URL)',
    error: http(404, { message: 'Not Found' }),
    expected: { kind: 'model_not_found', decision: 'stop_run' },
    says: ['Check the model name and the base URL'],
  },
  {
    name: '400 context_length_exceeded',
    error: http(400, { code: 'context_length_exceeded', type: 'invalid_request_error', message: "This model's maximum context length is 128000 tokens." }),
    expected: { kind: 'bad_request', decision: 'fail_task', code: 'context_length_exceeded' },
    says: ['lower Max tokens', 'maximum context length'],
  },
  {
    name: '400 invalid_value',
    error: http(400, { code: 'invalid_value', type: 'invalid_request_error', message: "Invalid value for 'temperature'." }),
    expected: { kind: 'bad_request', decision: 'fail_task' },
    says: ['400 invalid_value', "Invalid value for 'temperature'."],
  },
  {
    name: '422 other 4xx',
    error: http(422, { message: 'Unprocessable' }),
    expected: { kind: 'bad_request', decision: 'fail_task' },
    says: ['422'],
  },
  {
    name: '413 payload too large',
    error: http(413, { message: 'Payload Too Large' }),
    expected: { kind: 'too_large', decision: 'fail_task' },
    says: ['413'],
  },
  {
    name: 'x-should-retry: false turns a retry into fail_task',
    error: http(500, { message: SERVER_MESSAGE }, { 'x-should-retry': 'false' }),
    expected: { kind: 'server_error', decision: 'fail_task' },
    says: [],
  },
  {
    name: 'x-should-retry: true turns fail_task into a retry',
    error: http(400, { code: 'invalid_value', message: 'Invalid value' }, { 'x-should-retry': 'true' }),
    expected: { kind: 'bad_request', decision: 'retry' },
    says: [],
  },
  {
    name: 'x-should-retry: true never turns a stop_run into a retry',
    error: http(429, { code: 'insufficient_quota', type: 'insufficient_quota', message: QUOTA_MESSAGE }, { 'x-should-retry': 'true' }),
    expected: { kind: 'quota', decision: 'stop_run' },
    says: [],
  },
  {
    name: 'x-should-retry: false never turns a stop_run into fail_task',
    error: http(401, { code: 'invalid_api_key', message: 'bad key' }, { 'x-should-retry': 'false' }),
    expected: { kind: 'auth', decision: 'stop_run' },
    says: [],
  },
  {
    name: 'x-should-retry does not apply to cancelled',
    error: new ProviderError({ failure: 'aborted', message: 'The request was cancelled.', headers: { 'x-should-retry': 'true' } }),
    expected: { kind: 'cancelled', decision: 'fail_task' },
    says: ['cancelled'],
  },
  {
    name: 'ProviderError timeout',
    error: new ProviderError({ failure: 'timeout', message: 'The request timed out.' }),
    expected: { kind: 'timeout', decision: 'retry' },
    says: ['The request timed out.'],
  },
  {
    name: 'ProviderError network',
    error: new ProviderError({ failure: 'network', message: 'Could not reach the server: ECONNREFUSED' }),
    expected: { kind: 'network', decision: 'retry' },
    says: ['ECONNREFUSED'],
  },
  {
    name: 'connection refused, the code three causes deep as undici reports it',
    error: new ProviderError({
      failure: 'network',
      message: 'Could not reach the server: Connection error.: fetch failed',
      cause: Object.assign(new Error('Connection error.'), { cause: new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }) }),
    }),
    expected: { kind: 'network', decision: 'retry', code: 'ECONNREFUSED' },
    says: ['Could not connect to the server (ECONNREFUSED: connection refused)'],
  },
  {
    name: 'host not found, inside the AggregateError of happy eyeballs',
    error: new ProviderError({
      failure: 'network',
      message: 'Could not reach the server: Connection error.: fetch failed',
      cause: new AggregateError([Object.assign(new Error('getaddrinfo ENOTFOUND llm.invalid'), { code: 'ENOTFOUND' })], 'fetch failed'),
    }),
    expected: { kind: 'network', decision: 'retry', code: 'ENOTFOUND' },
    says: ['host name not found'],
  },
  {
    name: 'a port fetch will not connect to (undici says "bad port", with no code)',
    error: new ProviderError({ failure: 'network', message: 'Could not reach the server: Connection error.: fetch failed', cause: new TypeError('fetch failed', { cause: new Error('bad port') }) }),
    expected: { kind: 'network', decision: 'retry', code: 'BAD_PORT' },
    says: ['fetch refuses to connect to this port'],
  },
  {
    name: 'a connection reset mid-reply is not "unreachable": no code',
    error: new ProviderError({ failure: 'network', message: 'The connection failed: terminated', cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }),
    expected: { kind: 'network', decision: 'retry', code: undefined },
    says: ['terminated'],
  },
  {
    name: 'ProviderError aborted',
    error: new ProviderError({ failure: 'aborted', message: 'The request was cancelled.' }),
    expected: { kind: 'cancelled', decision: 'fail_task' },
    says: [],
  },
  {
    name: 'a plain Error',
    error: new TypeError('Cannot read properties of undefined'),
    expected: { kind: 'unknown', decision: 'retry' },
    says: ['Cannot read properties of undefined'],
  },
  {
    name: 'a thrown string',
    error: 'boom',
    expected: { kind: 'unknown', decision: 'retry' },
    says: ['boom'],
  },
  {
    name: 'an AbortSignal reason',
    error: new DOMException('This operation was aborted', 'AbortError'),
    expected: { kind: 'cancelled', decision: 'fail_task' },
    says: [],
  },
];

describe('classifyError', () => {
  it.each(rows)('$name', ({ error, expected, says }) => {
    const result = classifyError(error, NOW);
    // A key expected as undefined must be absent, not merely undefined.
    const entries = Object.entries(expected);
    expect(result).toMatchObject(Object.fromEntries(entries.filter(([, value]) => value !== undefined)));
    for (const [key] of entries.filter(([, value]) => value === undefined)) expect(result).not.toHaveProperty(key);
    for (const fragment of says) expect(result.message).toContain(fragment);
  });

  it('has no retryAfterMs when the server sent none', () => {
    expect(classifyError(http(500, { message: SERVER_MESSAGE }), NOW)).not.toHaveProperty('retryAfterMs');
  });

  it('reads an HTTP-date retry-after against the given now', () => {
    const error = http(429, { code: 'rate_limit_exceeded', message: RPM_MESSAGE }, { 'retry-after': new Date(NOW + 30_000).toUTCString() });
    expect(classifyError(error, NOW).retryAfterMs).toBe(30_000);
    expect(classifyError(error, NOW + 10_000).retryAfterMs).toBe(20_000);
  });

  it('does not branch on the status alone: the same 429 status gives three decisions', () => {
    const decisions = [QUOTA_MESSAGE, TOO_LARGE_MESSAGE, TPM_MESSAGE].map(
      (message, i) => classifyError(http(429, { code: i === 0 ? 'insufficient_quota' : 'rate_limit_exceeded', message }), NOW).decision,
    );
    expect(decisions).toEqual(['stop_run', 'fail_task', 'retry']);
  });

  it('quotes a long server message only up to a limit', () => {
    const result = classifyError(http(500, { message: 'x'.repeat(5_000) }), NOW);
    expect(result.message.length).toBeLessThan(1_000);
    expect(result.message).toContain('…');
  });

  it('tells an unreachable server from a dropped connection, and never trusts a code from the prototype', () => {
    const refused = classifyError(new ProviderError({ failure: 'network', message: 'x', cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }), NOW);
    expect(isUnreachable(refused)).toBe(true);
    expect(isUnreachable({ kind: 'network', decision: 'retry', message: 'x' })).toBe(false);
    expect(isUnreachable({ kind: 'network', decision: 'retry', message: 'x', code: 'toString' })).toBe(false);
    expect(isUnreachable({ kind: 'server_error', decision: 'retry', message: 'x', code: 'ECONNREFUSED' })).toBe(false);
  });

  it('a message for a task that gave up no longer says it is retrying', () => {
    const messages = [
      classifyError(http(500, { message: SERVER_MESSAGE }), NOW).message,
      classifyError(http(429, { code: 'rate_limit_exceeded', message: RPM_MESSAGE }), NOW).message,
      classifyError(new ProviderError({ failure: 'timeout', message: 'The request timed out.' }), NOW).message,
    ];
    expect(messages.every((m) => /retrying/.test(m))).toBe(true);
    expect(messages.map(finalMessage).filter((m) => /retrying/.test(m))).toEqual([]);
    expect(finalMessage(messages[0]!)).toContain(SERVER_MESSAGE);
  });
});
