import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import type { FileObject } from 'openai/resources/files';

/** Building batch input files and reading result files through the official SDK, as a client would. */

export interface InputLine {
  readonly custom_id: string;
  readonly method: string;
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/** A result line of an output or error file. */
export interface ResultLine {
  readonly id: string;
  readonly custom_id: string;
  readonly response: { readonly status_code: number; readonly request_id: string; readonly body: Record<string, unknown> } | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export const ARTICLE_PROMPT = (topic: string) => `Write an SEO article about ${topic}.`;

export function chatLine(customId: string, topic: string, overrides: Record<string, unknown> = {}): InputLine {
  return {
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: ARTICLE_PROMPT(topic) }], max_tokens: 60, ...overrides },
  };
}

/** `count` lines task-0… about topic 0… */
export function taskLines(count: number, model = 'gpt-4o-mini'): InputLine[] {
  return Array.from({ length: count }, (_, i) => chatLine(`task-${i}`, `topic ${i}`, { model }));
}

export function jsonl(lines: readonly unknown[]): string {
  return `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`;
}

export async function upload(client: OpenAI, content: string, filename = 'tasks.jsonl', purpose: 'batch' | 'fine-tune' = 'batch'): Promise<FileObject> {
  return client.files.create({ file: await toFile(Buffer.from(content), filename), purpose });
}

export async function submit(client: OpenAI, lines: readonly unknown[]): Promise<Batch> {
  const file = await upload(client, jsonl(lines));
  return client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
}

export async function readResults(client: OpenAI, fileId: string | null | undefined): Promise<ResultLine[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ResultLine);
}

/** The article text of a successful result line. */
export function articleOf(line: ResultLine): string {
  const body = line.response?.body as { choices: { message: { content: string } }[] } | undefined;
  return body?.choices[0]?.message.content ?? '';
}
