import type { Distribution, FrameSummary } from './stats.ts';
import { ms, percent } from './stats.ts';

/** Everything `npm run bench:ui` measured, summarised; rendered as bench/ui/results.md. */
export interface UiBenchResults {
  readonly writtenAt: string;
  readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGb: number; readonly os: string; readonly node: string; readonly chromium: string; readonly viewport: string };
  readonly setup: { readonly topics: number; readonly workers: number; readonly maxTokens: number; readonly simulator: object };
  readonly pasteMs: number;
  readonly estimateMs: number;
  readonly runToTableMs: number;
  readonly runWallMs: number;
  readonly hostCpuSeconds: number | null;
  /** Every Chromium process (browser, renderer, utility) together. */
  readonly browserCpuSeconds: number | null;
  readonly longTasks: { readonly count: number; readonly totalMs: number; readonly maxMs: number; readonly share: number; readonly durations: Distribution };
  readonly frames: { readonly all: FrameSummary; readonly still: FrameSummary; readonly scrolling: FrameSummary };
  readonly scroll: { readonly steps: number; readonly latency: Distribution; readonly framesToFill: Distribution; readonly neverFilled: number; readonly firstFrameShare: number };
  readonly batches: { readonly count: number; readonly events: Distribution; readonly kb: Distribution; readonly handlerMs: Distribution; readonly untilNextTaskMs: Distribution };
  readonly domRows: number;
  readonly heapMb: number | null;
  readonly reopenMs: number;
  readonly searchMs: number;
  readonly clearSearchMs: number;
}

function cpu(seconds: number | null): string {
  return seconds === null ? 'n/a' : `${seconds.toFixed(1)} s`;
}

function dist(d: Distribution, digits = 1): string {
  return `p50 ${ms(d.p50, digits)} · p95 ${ms(d.p95, digits)} · p99 ${ms(d.p99, digits)} · max ${ms(d.max, digits)}`;
}

function frames(name: string, f: FrameSummary): string {
  return `| ${name} | ${f.count} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${ms(f.max)} | ${percent(f.over50)} | ${percent(f.over100)} | ${f.fps.toFixed(1)} |`;
}

/** A plain-language reading of the figures, by fixed thresholds so every run is judged alike. */
export function verdict(r: UiBenchResults): string[] {
  const lines: string[] = [];
  const { still, scrolling } = r.frames;
  const smooth = (f: FrameSummary) => f.p95 <= 34 && f.over50 <= 0.02;
  const usable = (f: FrameSummary) => f.p95 <= 100 && f.over50 <= 0.15;
  const word = (f: FrameSummary) => (smooth(f) ? 'smooth' : usable(f) ? 'usable, with visible hitches' : 'janky');
  lines.push(
    `**Watching the run: ${word(still)}.** While ${r.setup.topics.toLocaleString('en-US')} tasks ran through ${r.setup.workers} workers, ` +
      `half the frames came within ${ms(still.p50, 0)} and 95 % within ${ms(still.p95, 0)}; ${percent(still.over50)} of frames took over 50 ms.`,
  );
  lines.push(
    `**Scrolling the table during the run: ${word(scrolling)}.** Frames: p95 ${ms(scrolling.p95, 0)}, ${percent(scrolling.over50)} over 50 ms. ` +
      `After each scroll step the rows for the new position were in place after ${ms(r.scroll.latency.p50, 0)} (p50) / ${ms(r.scroll.latency.p95, 0)} (p95), ` +
      `${percent(r.scroll.firstFrameShare)} of them in the very next frame${r.scroll.neverFilled > 0 ? `; ${r.scroll.neverFilled} steps never filled` : ''}. ` +
      `The table kept ${r.domRows} rows in the DOM for ${r.setup.topics.toLocaleString('en-US')} tasks (virtualised).`,
  );
  lines.push(
    `**Main-thread blocking:** ${r.longTasks.count} long tasks, ${ms(r.longTasks.totalMs, 0)} in all (${percent(r.longTasks.share)} of the run), the longest ${ms(r.longTasks.maxMs, 0)}. ` +
      (r.longTasks.maxMs > 250
        ? 'At least one freeze was long enough for a user to notice a click not answering.'
        : r.longTasks.maxMs > 100
          ? 'Some pauses were long enough to feel (over 100 ms), none long enough to look frozen.'
          : 'No pause was long enough for a user to feel.'),
  );
  lines.push(
    `**Event batches:** ${r.batches.count} batches of live events (p50 ${r.batches.events.p50} events, max ${r.batches.events.max}); folding one into the store took ` +
      `${ms(r.batches.handlerMs.p50, 2)} (p50) / ${ms(r.batches.handlerMs.max)} (max), and with React's commit ${ms(r.batches.untilNextTaskMs.p50)} / ${ms(r.batches.untilNextTaskMs.max)}.`,
  );
  if (r.hostCpuSeconds !== null && r.browserCpuSeconds !== null) {
    const host = r.hostCpuSeconds / (r.runWallMs / 1_000);
    const page = r.browserCpuSeconds / (r.runWallMs / 1_000);
    lines.push(
      `**What set the pace:** ${((r.setup.topics * 1_000) / r.runWallMs).toFixed(0)} tasks/s. The web host kept ${(host * 100).toFixed(0)} % of a core busy and Chromium ${(page * 100).toFixed(0)} %` +
        (host >= 0.8
          ? ': the single Node process (engine, SQLite, and here also the simulator) was the limit, not the page.'
          : page >= 0.8
            ? ': the browser was the limit.'
            : ': neither was saturated; latency and the pool size set the pace.'),
    );
  }
  lines.push(
    `**Around the run:** pasting 10,000 topics showed the count after ${ms(r.pasteMs, 0)}; the Run button showed the table after ${ms(r.runToTableMs, 0)}; ` +
      `reopening the finished run from History took ${ms(r.reopenMs, 0)}; a search over 10,000 topics answered in ${ms(r.searchMs, 0)}.`,
  );
  return lines;
}

export function renderResults(r: UiBenchResults): string {
  const m = r.machine;
  return `# UI benchmark: 10,000 tasks in the browser

Written by \`npm run bench:ui\` (bench/ui/ten-thousand.ts) on ${r.writtenAt}. Not part of \`npm test\`.

## Machine

- CPU: ${m.cpu}, ${m.cores} cores; ${m.memoryGb.toFixed(0)} GB RAM; ${m.os}
- Node ${m.node}; Chromium ${m.chromium} (headless, \`--disable-gpu\`: software rendering); viewport ${m.viewport}
- The web host (engine, SQLite, the built-in simulator's HTTP server, all in one Node process) and Chromium share these
  cores, as they would on a laptop running \`npm run web\`. CPU used during the ${(r.runWallMs / 1_000).toFixed(1)} s run: web host ${cpu(r.hostCpuSeconds)},
  Chromium (all its processes) ${cpu(r.browserCpuSeconds)}.

## What ran

${r.setup.topics.toLocaleString('en-US')} topics pasted into the topics box (value set + input event), workers fixed at ${r.setup.workers}, max tokens ${r.setup.maxTokens},
against the built-in simulator with \`${JSON.stringify(r.setup.simulator)}\` (no limits, replies in ~10 ms).
While it ran, the page recorded every animation frame, every long task (PerformanceObserver 'longtask'), every
batch of live events (by wrapping the WebSocket's message listener), and scrolled the task table by 20 rows every
100 ms in 5-second windows separated by 3 still seconds.

## Figures

| step | time |
|---|---:|
| paste 10,000 topics → count shown | ${ms(r.pasteMs, 0)} |
| settings changed → estimate shown (includes the 400 ms debounce) | ${ms(r.estimateMs, 0)} |
| Run button → run view with its table | ${ms(r.runToTableMs, 0)} |
| the run, Run button → 10,000 done | ${(r.runWallMs / 1_000).toFixed(1)} s (${((r.setup.topics * 1_000) / r.runWallMs).toFixed(0)} tasks/s) |
| reopen the finished run from History → table shown | ${ms(r.reopenMs, 0)} |
| search "Topic 9999:" → "1 of 10,000" | ${ms(r.searchMs, 0)} |
| clear the search → all 10,000 again | ${ms(r.clearSearchMs, 0)} |

### Frames during the run (requestAnimationFrame deltas)

| frames | count | p50 | p95 | p99 | max | > 50 ms | > 100 ms | fps |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${frames('all', r.frames.all)}
${frames('not scrolling', r.frames.still)}
${frames('while scrolling', r.frames.scrolling)}

### Long tasks during the run

${r.longTasks.count} long tasks, ${ms(r.longTasks.totalMs, 0)} in total (${percent(r.longTasks.share)} of the run's wall time), longest ${ms(r.longTasks.maxMs, 0)};
durations ${dist(r.longTasks.durations, 0)}.

### Scrolling under live updates

${r.scroll.steps} scroll steps of 20 rows. Time from setting \`scrollTop\` to the frame in which the row at the new top exists:
${dist(r.scroll.latency)}. Frames needed: p50 ${r.scroll.framesToFill.p50}, max ${r.scroll.framesToFill.max}; filled in the first frame: ${percent(r.scroll.firstFrameShare)}; never filled: ${r.scroll.neverFilled}.
Rows in the DOM at the end: ${r.domRows} (of ${r.setup.topics.toLocaleString('en-US')} tasks). JS heap at the end: ${r.heapMb === null ? 'n/a' : `${r.heapMb.toFixed(0)} MB`}.

### Live event batches (the store's apply step)

${r.batches.count} \`service.events\` messages. Events per batch: p50 ${r.batches.events.p50}, p95 ${r.batches.events.p95}, max ${r.batches.events.max}; size p50 ${r.batches.kb.p50.toFixed(0)} KB, max ${r.batches.kb.max.toFixed(0)} KB.
- parse + fold into the store (the socket handler): ${dist(r.batches.handlerMs, 2)}
- until the next task (includes React's commit of that update): ${dist(r.batches.untilNextTaskMs)}

## Verdict

${verdict(r).join('\n\n')}
`;
}
