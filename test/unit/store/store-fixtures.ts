import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openRunStore } from '../../../electron/store/open-database.ts';
import type { OpenRunStoreOptions, RunStore } from '../../../electron/store/open-database.ts';
import type { NewTask } from '../../../electron/store/types.ts';
import type { EngineEvent, EngineEventBody } from '../../../shared/domain/events.ts';
import { RunSettingsSchema } from '../../../shared/domain/settings.ts';

/** Each test gets its own data folder under the OS temp dir, removed afterwards with its stores closed. */
export function useStoreFixture() {
  const dirs: string[] = [];
  const stores: RunStore[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    tempDir(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacer-store-'));
      dirs.push(dir);
      return dir;
    },
    open(dataDir: string, options?: OpenRunStoreOptions): RunStore {
      const store = openRunStore(dataDir, options);
      stores.push(store);
      return store;
    },
  };
}

export const SETTINGS = RunSettingsSchema.parse({ model: 'gpt-test', rpm: 500, tpm: 200_000 });

export function makeTasks(count: number): NewTask[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `t${index + 1}`,
    index,
    topic: `Topic ${index + 1}`,
    vars: { topic: `Topic ${index + 1}`, audience: 'developers' },
    prompt: `Write an SEO article about Topic ${index + 1}.`,
  }));
}

/** Applies events to a store as the engine would: numbered per run, stamped with the given time. */
export function eventEmitter(store: Pick<RunStore, 'applyEvent'>, runId: string) {
  let seq = 0;
  return (body: EngineEventBody, at: number): EngineEvent => {
    const event: EngineEvent = { ...body, seq: ++seq, at, runId };
    store.applyEvent(event);
    return event;
  };
}

/** A clock that moves one second per call, so creation order is visible in timestamps. */
export function steppingClock(start = Date.UTC(2026, 10, 29, 9, 0, 0)): () => number {
  let now = start;
  return () => (now += 1_000);
}
