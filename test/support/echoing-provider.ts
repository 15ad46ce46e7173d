import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible server on loopback that leaks the API key it is sent, in every way a
 * careless or hostile provider could: whole in a 429's message, masked as OpenAI masks it
 * ("sk-proj-****…abcd") in a 500's and a 401's, whole in response headers on every answer, and
 * masked in the articles it writes. Independent of Pacer's code: it speaks the wire format only.
 *
 * 'flaky': each topic is answered 429, then 500, then a streamed article.
 * 'reject': every request gets 401 invalid_api_key.
 */
export type EchoMode = 'flaky' | 'reject';

export interface EchoingProvider {
  /** Base URL, ending in /v1. */
  readonly url: string;
  mode: EchoMode;
  /** How many answers of each status were sent. */
  readonly served: Record<number, number>;
  /** Every Authorization header received. */
  readonly authorizations: string[];
  close(): Promise<void>;
}

/** As OpenAI masks a key in "Incorrect API key provided": its first 8 characters, stars, its last 4. */
export function maskLikeOpenAI(key: string): string {
  return `${key.slice(0, 8)}${'*'.repeat(24)}${key.slice(-4)}`;
}

export async function startEchoingProvider(): Promise<EchoingProvider> {
  const attempts = new Map<string, number>();
  const provider: EchoingProvider = {
    url: '',
    mode: 'flaky',
    served: {},
    authorizations: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => void answer(req, res));

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(req)) as { messages: { content: string }[]; model: string };
    const authorization = req.headers.authorization ?? '';
    provider.authorizations.push(authorization);
    const key = authorization.replace(/^Bearer /, '');
    const masked = maskLikeOpenAI(key);
    const topic = body.messages.at(-1)?.content ?? '';
    const attempt = (attempts.get(topic) ?? 0) + 1;
    attempts.set(topic, attempt);
    // The key whole, in headers on every answer: a provider echoing the Authorization header.
    const headers = { 'x-echo-authorization': authorization, 'x-request-id': `req_${key}`, 'openai-organization': key };
    const status = provider.mode === 'reject' ? 401 : attempt === 1 ? 429 : attempt === 2 ? 500 : 200;
    provider.served[status] = (provider.served[status] ?? 0) + 1;
    switch (status) {
      case 401:
        return json(res, 401, headers, {
          message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        });
      case 429:
        return json(res, 429, { ...headers, 'retry-after-ms': '20' }, {
          message: `Rate limit reached for key ${key} on requests per min (RPM): Limit 3, Used 3, Requested 1.`,
          type: 'requests',
          code: 'rate_limit_exceeded',
        });
      case 500:
        return json(res, 500, headers, { message: `The server had an error while processing your request with key ${masked}.`, type: 'server_error', code: null });
      default:
        return stream(res, headers, body.model, `An article on ${topic}. (Served to ${masked}.)`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (provider as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return provider;
}

function json(res: ServerResponse, status: number, headers: Record<string, string>, error: Record<string, unknown>): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify({ error }));
}

function stream(res: ServerResponse, headers: Record<string, string>, model: string, text: string): void {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream' });
  const chunk = (choices: unknown[], usage: unknown = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-echo', object: 'chat.completion.chunk', created: 0, model, choices, usage })}\n\n`;
  res.write(chunk([{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }]));
  res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  res.write(chunk([], { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 }));
  res.end('data: [DONE]\n\n');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
