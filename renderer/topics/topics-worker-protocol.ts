import type { ReadTopicsOptions, TopicsReading } from '../store/read-topics.ts';
import type { FileRead, ReadProgress } from './topics-reader.ts';

/** The messages between the window and the topics worker; each request has an id its answers carry. */
export type TopicsQuestion =
  | { readonly kind: 'file'; readonly file: File; readonly options: ReadTopicsOptions }
  | { readonly kind: 'text'; readonly text: string; readonly options: ReadTopicsOptions };

export type TopicsRequest = TopicsQuestion & { readonly id: number };

export type TopicsAnswer =
  | { readonly id: number; readonly kind: 'progress'; readonly progress: ReadProgress }
  | { readonly id: number; readonly kind: 'file'; readonly result: FileRead }
  | { readonly id: number; readonly kind: 'text'; readonly reading: TopicsReading }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };
