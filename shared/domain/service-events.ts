import type { EngineEvent } from './events.ts';

/**
 * What a RunService tells its listeners: every engine event of every run it drives (already
 * stored when they hear it), plus what happened to each article on disk.
 */
export type ExportEvent =
  | { readonly type: 'export.written'; readonly runId: string; readonly taskId: string; readonly path: string }
  | { readonly type: 'export.failed'; readonly runId: string; readonly taskId: string; readonly code: string; readonly message: string };

export type ServiceEvent = EngineEvent | ExportEvent;
