import type { TopicsReading } from '../store/read-topics.ts';
import type { FileRead, ReadProgress, TopicsReader } from './topics-reader.ts';
import { inlineTopicsReader } from './topics-reader.ts';
import type { TopicsAnswer, TopicsQuestion, TopicsRequest } from './topics-worker-protocol.ts';

interface Pending {
  readonly progress?: (progress: ReadProgress) => void;
  readonly settle: (answer: TopicsAnswer) => void;
}

/**
 * TopicsReader over a Web Worker: reading and parsing a big file happen off the window's thread,
 * which keeps drawing and answering while progress comes in. Where a worker cannot start (a page
 * on file://), the same functions run inline.
 */
export function workerTopicsReader(): TopicsReader {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./topics-worker.ts', import.meta.url), { type: 'module', name: 'topics' });
  } catch {
    return inlineTopicsReader;
  }
  let nextId = 1;
  const pending = new Map<number, Pending>();
  worker.addEventListener('message', (event: MessageEvent<TopicsAnswer>) => {
    const answer = event.data;
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    if (answer.kind === 'progress') return waiting.progress?.(answer.progress);
    pending.delete(answer.id);
    waiting.settle(answer);
  });
  const ask = (question: TopicsQuestion, progress?: (progress: ReadProgress) => void) =>
    new Promise<TopicsAnswer>((settle) => {
      const id = nextId++;
      pending.set(id, { progress, settle });
      worker.postMessage({ ...question, id } satisfies TopicsRequest);
    });

  return {
    async readFile(file, options, onProgress): Promise<FileRead> {
      const answer = await ask({ kind: 'file', file, options }, onProgress);
      if (answer.kind === 'file') return answer.result;
      return { ok: false, message: `Could not read ${file.name}: ${answer.kind === 'error' ? answer.message : 'no answer'}. Try again, or paste the topics.` };
    },
    async parse(text, options): Promise<TopicsReading> {
      const answer = await ask({ kind: 'text', text, options });
      if (answer.kind === 'text') return answer.reading;
      // A failure in the worker is a bug; the same parse inline says what it is.
      return inlineTopicsReader.parse(text, options);
    },
  };
}
