/// <reference lib="webworker" />
import { readTopics } from '../store/read-topics.ts';
import { readFileTopics } from './topics-reader.ts';
import type { TopicsAnswer, TopicsRequest } from './topics-worker-protocol.ts';

/** The topics worker: reads and parses off the window's thread (topics-reader.ts says what). */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const answer = (message: TopicsAnswer) => scope.postMessage(message);

scope.addEventListener('message', (event: MessageEvent<TopicsRequest>) => {
  const request = event.data;
  void (async () => {
    try {
      if (request.kind === 'file') {
        const result = await readFileTopics(request.file, request.options, (progress) => answer({ id: request.id, kind: 'progress', progress }));
        answer({ id: request.id, kind: 'file', result });
      } else {
        answer({ id: request.id, kind: 'text', reading: readTopics(request.text, request.options) });
      }
    } catch (error) {
      answer({ id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
