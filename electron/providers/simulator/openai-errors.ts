import type { Admission } from './limits.ts';
import { formatGoDuration } from './go-duration-format.ts';

/**
 * Every error the simulator sends, in OpenAI's body shape and with OpenAI's wording, so the
 * engine's triage is exercised against what it will really see (provider-behaviour.md).
 */
export interface ErrorReply {
  readonly status: number;
  readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string | null };
}

const ORGANIZATION = 'org-sim';
const RATE_LIMITS_HINT = 'Visit https://platform.openai.com/account/rate-limits to learn more.';

/** An error in OpenAI's body shape; the named builders below are the ones the simulator sends. */
export const reply = (status: number, message: string, type: string, code: string | null, param: string | null = null): ErrorReply => ({
  status,
  error: { message, type, param, code },
});

export function invalidJson(): ErrorReply {
  return reply(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    'invalid_request_error',
    null,
  );
}

export function missingParameter(param: string): ErrorReply {
  return reply(400, `Missing required parameter: '${param}'.`, 'invalid_request_error', 'missing_required_parameter', param);
}

export function invalidValue(param: string, message: string): ErrorReply {
  return reply(400, message, 'invalid_request_error', 'invalid_value', param);
}

export function bodyTooLarge(limitBytes: number): ErrorReply {
  return reply(413, `The request body is larger than ${limitBytes} bytes.`, 'invalid_request_error', null);
}

export function contextLengthExceeded(limit: number, promptTokens: number, maxTokens: number): ErrorReply {
  return reply(
    400,
    `This model's maximum context length is ${limit} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
    'invalid_request_error',
    'context_length_exceeded',
    'messages',
  );
}

export function modelNotFound(model: string): ErrorReply {
  return reply(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
}

export function invalidUrl(method: string, path: string): ErrorReply {
  return reply(404, `Invalid URL (${method} ${path})`, 'invalid_request_error', null);
}

export function missingApiKey(): ErrorReply {
  return reply(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
    'invalid_request_error',
    null,
  );
}

export function invalidApiKey(key: string): ErrorReply {
  return reply(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    'invalid_api_key',
  );
}

export function insufficientQuota(): ErrorReply {
  return reply(
    429,
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
    'insufficient_quota',
    'insufficient_quota',
  );
}

export function rejected(model: string, admission: Exclude<Admission, { ok: true }>): ErrorReply {
  if (admission.kind === 'too_large') {
    return reply(
      429,
      `Request too large for ${model} in organization ${ORGANIZATION} on tokens per min (TPM): Limit ${admission.limit}, Requested ${admission.requested}. The input or output tokens must be reduced in order to run successfully. ${RATE_LIMITS_HINT}`,
      'tokens',
      'rate_limit_exceeded',
    );
  }
  const per = admission.type === 'requests' ? 'requests per min (RPM)' : 'tokens per min (TPM)';
  return reply(
    429,
    `Rate limit reached for ${model} in organization ${ORGANIZATION} on ${per}: Limit ${admission.limit}, Used ${admission.used}, Requested ${admission.requested}. Please try again in ${formatGoDuration(admission.waitMs)}. ${RATE_LIMITS_HINT}`,
    admission.type,
    'rate_limit_exceeded',
  );
}

export function serverError(): ErrorReply {
  return reply(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
}

export function overloaded(): ErrorReply {
  return reply(503, 'The engine is currently overloaded, please try again later.', 'server_error', null);
}

/** Never echo a whole key back, not even a wrong one: it may be someone's real key. */
function maskKey(key: string): string {
  return key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}`;
}
