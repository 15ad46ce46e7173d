import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result, WireEvent } from '../../shared/ipc/contract.ts';
import type { AppEventListener } from '../../electron/app/pacer-app.ts';
import { startWebHost } from '../../electron/web-host/start-web-host.ts';
import type { WebHost } from '../../electron/web-host/start-web-host.ts';
import { SocketClient } from './web-host-client.ts';

/** The app's side of the host, reduced to its event stream: the test decides when events come. */
class EventSource {
  private readonly listeners = new Set<AppEventListener>();

  subscribe(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispatch(name: string): Promise<Result<unknown>> {
    return { ok: false, error: { code: 'unknown_call', message: `No calls in this test (${name}).` } };
  }

  batch(events: WireEvent[]): void {
    for (const listener of this.listeners) listener('service.events', { events });
  }
}

/** About 1 KB each, so that a paused tab fills its kernel buffers and then the host's. */
const event = (seq: number): WireEvent => ({ type: 'task.queued', seq, at: 0, runId: 'run', taskId: `${'x'.repeat(1_000)}-${seq}` });

let dir: string;
let host: WebHost | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacer-web-slow-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>Pacer</title>');
});
afterEach(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web host: a tab that cannot keep up (issue 8 F)', () => {
  it('is cut off once it falls too far behind, while a tab that keeps up gets every event in order', async () => {
    const source = new EventSource();
    const logs: string[] = [];
    host = await startWebHost({ app: source, staticDir: join(dir, 'static'), port: 0, sendLimits: { highWaterBytes: 256 * 1024, maxQueuedEvents: 5_000 }, log: (line) => logs.push(line) });
    const fast = await SocketClient.connect(host.port, host.token);
    const slow = await SocketClient.connect(host.port, host.token);
    slow.ws.pause(); // a stalled tab: it reads nothing, so its socket backs up
    const seqOf = (e: WireEvent) => ('seq' in e ? e.seq : -1);

    let seq = 0;
    for (let batch = 0; batch < 30; batch++) {
      source.batch(Array.from({ length: 1_000 }, () => event(++seq)));
      await fast.waitFor(() => (fast.wireEvents().length >= seq ? true : undefined), `batch ${batch} at the tab that keeps up`);
    }
    expect(fast.wireEvents().map(seqOf)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
    expect(logs).toEqual([expect.stringMatching(/^A browser tab fell \d+ events behind; it was disconnected/)]);

    slow.ws.resume();
    expect((await slow.closed).code).toBe(1006);
    expect(slow.wireEvents().length).toBeLessThan(seq);
    // The cut-off tab's way back: a fresh connection, then snapshots (the renderer does that on reconnect).
    const again = await SocketClient.connect(host.port, host.token);
    source.batch([event(++seq)]);
    await again.waitFor(() => (again.wireEvents().some((e) => seqOf(e) === seq) ? true : undefined), 'the reconnected tab to hear the next event');
  });
});
