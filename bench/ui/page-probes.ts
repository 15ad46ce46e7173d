/**
 * What the UI benchmark measures inside the page. Every function here is serialised by Playwright
 * and run in the browser, so each is self-contained: no imports, no closure over module scope.
 * State lives on `window.__bench`.
 */

export interface BenchState {
  /** Socket messages carrying `service.events`, while `recording`: [handler ms, until the next task ms, events, bytes]. */
  batches: [number, number, number, number][];
  recording: boolean;
  /** requestAnimationFrame deltas, and whether the table was being scrolled during that frame (1) or not (0). */
  frameDeltas: number[];
  frameScrolling: number[];
  /** [start ms, duration ms] of every long task (> 50 ms) seen by a PerformanceObserver. */
  longTasks: [number, number][];
  /** Per scroll step: ms until the rows at the new position were in the DOM, and how many frames that took. */
  scrollSteps: [number, number][];
  scrolling: boolean;
  stop: boolean;
  startedAt: number;
  stoppedAt: number;
}

type BenchWindow = Window & { __bench: BenchState };

/**
 * Init script: wraps every WebSocket 'message' listener so the time the renderer spends on one
 * batch of events (parse, fold into the store) is measured, and, through a MessageChannel posted
 * right after it, the time until the next task, which includes React's commit of that update
 * (React flushes useSyncExternalStore updates in a microtask).
 */
export function installSocketProbe(): void {
  const bench = { batches: [], recording: false } as unknown as BenchState;
  (window as unknown as BenchWindow).__bench = bench;
  const original = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (this: WebSocket, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (type !== 'message' || typeof listener !== 'function') return original.call(this, type, listener as EventListenerOrEventListenerObject, options);
    const wrapped = function (this: WebSocket, event: Event) {
      const data = (event as MessageEvent).data;
      const measured = bench.recording && typeof data === 'string' && data.includes('"service.events"');
      const start = performance.now();
      listener.call(this, event);
      if (!measured) return;
      const handlerMs = performance.now() - start;
      let events = 0;
      for (let at = data.indexOf('"seq":'); at !== -1; at = data.indexOf('"seq":', at + 6)) events++;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        bench.batches.push([handlerMs, performance.now() - start, events, data.length]);
        channel.port1.close();
      };
      channel.port2.postMessage(0);
    };
    return original.call(this, type, wrapped, options);
  } as typeof WebSocket.prototype.addEventListener;
}

/** Starts the frame recorder and the long-task observer. */
export function startFrameProbes(): void {
  const bench = (window as unknown as BenchWindow).__bench;
  Object.assign(bench, { frameDeltas: [], frameScrolling: [], longTasks: [], scrollSteps: [], scrolling: false, stop: false, startedAt: performance.now(), stoppedAt: 0 });
  bench.recording = true;
  let last = performance.now();
  const frame = (now: number) => {
    if (bench.stop) return;
    bench.frameDeltas.push(now - last);
    bench.frameScrolling.push(bench.scrolling ? 1 : 0);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    if (bench.stop) return;
    for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask' });
}

/**
 * Scrolls the task table while the run goes: `stepRows` rows every `everyMs`, back to the top at
 * the end, in windows of `onMs` scrolling and `offMs` still, so frames with and without scrolling
 * can be compared. Each step records how long until the rows at the new position exist.
 */
export function startScrolling({ stepRows, everyMs, onMs, offMs, rowHeight }: { stepRows: number; everyMs: number; onMs: number; offMs: number; rowHeight: number }): void {
  const bench = (window as unknown as BenchWindow).__bench;
  const toggle = (on: boolean) => {
    if (bench.stop) return;
    bench.scrolling = on;
    setTimeout(() => toggle(!on), on ? onMs : offMs);
  };
  setTimeout(() => toggle(true), offMs);
  const timer = setInterval(() => {
    if (bench.stop) return clearInterval(timer);
    if (!bench.scrolling) return;
    const scroller = document.querySelector<HTMLElement>('[data-testid="task-table-scroll"]');
    if (!scroller) return;
    let target = scroller.scrollTop + stepRows * rowHeight;
    if (target > scroller.scrollHeight - scroller.clientHeight) target = 0;
    scroller.scrollTop = target;
    const first = Math.floor(target / rowHeight);
    const start = performance.now();
    let frames = 0;
    const check = () => {
      frames++;
      // aria-rowindex counts the header row as 1, so data row i (0-based) is i + 2.
      if (scroller.querySelector(`[data-testid="task-row"][aria-rowindex="${first + 2}"]`)) bench.scrollSteps.push([performance.now() - start, frames]);
      else if (frames < 240) requestAnimationFrame(check);
      else bench.scrollSteps.push([Number.POSITIVE_INFINITY, frames]);
    };
    requestAnimationFrame(check);
  }, everyMs);
}

export function stopProbes(): void {
  const bench = (window as unknown as BenchWindow).__bench;
  bench.stop = true;
  bench.recording = false;
  bench.scrolling = false;
  bench.stoppedAt = performance.now();
}

export function readProbes(): BenchState & { domRows: number; heapMb: number | null } {
  const bench = (window as unknown as BenchWindow).__bench;
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return { ...bench, domRows: document.querySelectorAll('[data-testid="task-row"]').length, heapMb: memory ? memory.usedJSHeapSize / 1024 / 1024 : null };
}

/**
 * One user action timed in the page, from the action to the first frame where `until` holds:
 * a click, or a value typed into a React-controlled field (native setter + input event).
 */
export interface TimedAction {
  readonly click?: string;
  readonly type?: { readonly selector: string; readonly value: string };
  readonly until: { readonly selector: string; readonly attribute?: string; readonly equals?: string; readonly textIncludes?: string };
  readonly timeoutMs: number;
}

export function timeAction(action: TimedAction): Promise<number> {
  const holds = () => {
    const element = document.querySelector(action.until.selector);
    if (!element) return false;
    if (action.until.attribute !== undefined && element.getAttribute(action.until.attribute) !== action.until.equals) return false;
    if (action.until.textIncludes !== undefined && !(element.textContent ?? '').includes(action.until.textIncludes)) return false;
    return true;
  };
  return new Promise((resolve, reject) => {
    const start = performance.now();
    if (action.click) document.querySelector<HTMLElement>(action.click)?.click();
    if (action.type) {
      const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(action.type.selector);
      if (!field) return reject(new Error(`No ${action.type.selector}`));
      const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(field, action.type.value);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const check = () => {
      if (holds()) return resolve(performance.now() - start);
      if (performance.now() - start > action.timeoutMs) return reject(new Error(`Timed out after ${action.timeoutMs} ms waiting for ${JSON.stringify(action.until)}`));
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
