import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { installSocketProbe, readProbes, startFrameProbes, startScrolling, stopProbes, timeAction } from './page-probes.ts';
import { renderResults } from './report.ts';
import type { UiBenchResults } from './report.ts';
import { distribution, frameSummary } from './stats.ts';

/**
 * `npm run bench:ui`: 10,000 topics through the real UI in Chromium, against the web host and a
 * fast, unlimited simulator, measuring what a user would feel: frame times, long tasks, scrolling
 * the table while it updates, and the time to apply each batch of live events. Writes
 * bench/ui/results.md (and results.json). `--no-build` skips the renderer build.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST = path.join(ROOT, 'electron/web-host/main.ts');
const OUT_DIR = path.join(ROOT, 'bench/ui');
const CHROMIUM = process.env.PACER_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const VIEWPORT = { width: 1440, height: 900 };
const TOPICS = 10_000;
const WORKERS = 64;
const MAX_TOKENS = 1_024;
const SIMULATOR = { rpm: null, tpm: null, latency: { firstTokenMs: 5, jitterMs: 5, tokensPerSecond: 100_000 } };
const RUN_TIMEOUT_MS = 20 * 60_000;
const ROW_HEIGHT = 36;

const SUBJECTS = ['heat pumps', 'balcony gardens', 'e-bikes', 'home batteries', 'rainwater tanks', 'loft insulation', 'induction hobs', 'solar panels'];
const ANGLES = ['for beginners', 'on a budget', 'for landlords', 'in small flats', 'myths and facts', 'a buyer’s checklist', 'step by step', 'common mistakes'];

function topics(): string {
  return Array.from({ length: TOPICS }, (_, i) => `Topic ${i + 1}: ${SUBJECTS[i % SUBJECTS.length]} ${ANGLES[Math.floor(i / SUBJECTS.length) % ANGLES.length]}`).join('\n');
}

function log(message: string): void {
  console.log(`[bench:ui ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function startHost(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST], {
      env: { ...process.env, PACER_DATA_DIR: dataDir, PACER_PORT: '0', PACER_SIMULATOR: JSON.stringify(SIMULATOR), OPENAI_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Pacer web UI: (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]!, exited });
    });
    child.once('exit', (code, signal) => reject(new Error(`The web host exited (${code ?? signal}) before printing its URL: ${out}`)));
  });
}

/** user + system CPU seconds of a process and all its descendants, from /proc (Linux); null elsewhere. */
function cpuSeconds(rootPid: number | undefined): number | null {
  if (rootPid === undefined || !existsSync(`/proc/${rootPid}/stat`)) return null;
  const processes = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name: state ppid … utime (12th) stime (13th).
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      processes.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while /proc was read.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = processes.get(at)?.ppid) if (at === rootPid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, info] of processes) if (inTree(pid)) ticks += info.ticks;
  return ticks / 100;
}

/** Loads the page and waits for its first three calls (app info, saved settings, run list) to be answered. */
async function openPacer(page: Page, url: string): Promise<void> {
  const booted = new Promise<void>((resolve) => {
    page.on('websocket', (socket) => {
      const answered = new Set<number>();
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string' || !payload.startsWith('{"kind":"result"')) return;
        const id = (JSON.parse(payload) as { id: number }).id;
        if (id <= 3) answered.add(id);
        if (answered.size === 3) resolve();
      });
    });
  });
  await page.goto(url);
  await booted;
}

async function doneCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid="status-count"][data-status="done"]', 'data-count'));
}

async function measure(page: Page, chromiumVersion: string, hostPid: number | undefined, browserPid: number | undefined): Promise<UiBenchResults> {
  log(`pasting ${TOPICS.toLocaleString('en-US')} topics`);
  const pasteMs = await page.evaluate(timeAction, {
    type: { selector: '[data-testid="topics-input"]', value: topics() },
    until: { selector: '[data-testid="topics-count"]', attribute: 'data-count', equals: String(TOPICS) },
    timeoutMs: 60_000,
  });
  await page.getByTestId('settings-workers-mode').selectOption('fixed');
  const estimateStart = performance.now();
  await page.getByTestId('settings-workers').fill(String(WORKERS));
  await page.waitForSelector('[data-testid="estimate"][data-state="ready"]', { timeout: 60_000 });
  const estimateMs = performance.now() - estimateStart;

  log('starting the run; recording frames, long tasks and event batches');
  await page.evaluate(startFrameProbes);
  const cpuBefore = cpuSeconds(hostPid);
  const browserCpuBefore = cpuSeconds(browserPid);
  const runStart = performance.now();
  const runToTableMs = await page.evaluate(timeAction, { click: '[data-testid="run-button"]', until: { selector: '[data-testid="task-row"]' }, timeoutMs: 120_000 });
  await page.evaluate(startScrolling, { stepRows: 20, everyMs: 100, onMs: 5_000, offMs: 3_000, rowHeight: ROW_HEIGHT });
  let lastLog = 0;
  for (;;) {
    const done = await doneCount(page);
    if (done === TOPICS) break;
    if (performance.now() - runStart > RUN_TIMEOUT_MS) throw new Error(`The run did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes (${done} done).`);
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      log(`${done.toLocaleString('en-US')} / ${TOPICS.toLocaleString('en-US')} done`);
    }
    await page.waitForFunction((previous) => document.querySelector('[data-testid="status-count"][data-status="done"]')?.getAttribute('data-count') !== String(previous), done, { polling: 250, timeout: 60_000 });
  }
  const runWallMs = performance.now() - runStart;
  await page.evaluate(stopProbes);
  const cpuAfter = cpuSeconds(hostPid);
  const browserCpuAfter = cpuSeconds(browserPid);
  const status = await page.getAttribute('[data-testid="run-status"]', 'data-status');
  if (status !== 'completed') throw new Error(`The run ended ${status}, not completed.`);
  log(`run completed in ${(runWallMs / 1_000).toFixed(1)} s`);
  const probes = await page.evaluate(readProbes);

  log('reopening the finished run from History, then searching it');
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-open').first().waitFor();
  const reopenMs = await page.evaluate(timeAction, { click: '[data-testid="history-open"]', until: { selector: '[data-testid="task-row"]' }, timeoutMs: 60_000 });
  const searchMs = await page.evaluate(timeAction, {
    type: { selector: '[data-testid="task-search"]', value: 'Topic 9999:' },
    until: { selector: '[data-testid="task-shown-count"]', textIncludes: '1 of 10,000' },
    timeoutMs: 30_000,
  });
  const clearSearchMs = await page.evaluate(timeAction, {
    type: { selector: '[data-testid="task-search"]', value: '' },
    until: { selector: '[data-testid="task-shown-count"]', textIncludes: '10,000 tasks' },
    timeoutMs: 30_000,
  });

  const runSpan = probes.stoppedAt - probes.startedAt;
  const longDurations = probes.longTasks.map(([, duration]) => duration);
  const longTotal = longDurations.reduce((a, b) => a + b, 0);
  const still = probes.frameDeltas.filter((_, i) => probes.frameScrolling[i] === 0);
  const scrolling = probes.frameDeltas.filter((_, i) => probes.frameScrolling[i] === 1);
  const filled = probes.scrollSteps.filter(([latency]) => Number.isFinite(latency));
  const cpu = os.cpus();
  return {
    writtenAt: new Date().toISOString(),
    machine: {
      cpu: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      memoryGb: os.totalmem() / 1024 ** 3,
      os: `${os.type()} ${os.release()} (${process.platform}/${process.arch})`,
      node: process.version,
      chromium: chromiumVersion,
      viewport: `${VIEWPORT.width}×${VIEWPORT.height}`,
    },
    setup: { topics: TOPICS, workers: WORKERS, maxTokens: MAX_TOKENS, simulator: SIMULATOR },
    pasteMs,
    estimateMs,
    runToTableMs,
    runWallMs,
    hostCpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    browserCpuSeconds: browserCpuBefore === null || browserCpuAfter === null ? null : browserCpuAfter - browserCpuBefore,
    longTasks: { count: longDurations.length, totalMs: longTotal, maxMs: Math.max(0, ...longDurations), share: runSpan > 0 ? longTotal / runSpan : 0, durations: distribution(longDurations) },
    frames: { all: frameSummary(probes.frameDeltas), still: frameSummary(still), scrolling: frameSummary(scrolling) },
    scroll: {
      steps: probes.scrollSteps.length,
      latency: distribution(filled.map(([latency]) => latency)),
      framesToFill: distribution(filled.map(([, frames]) => frames)),
      neverFilled: probes.scrollSteps.length - filled.length,
      firstFrameShare: probes.scrollSteps.length === 0 ? 0 : filled.filter(([, frames]) => frames === 1).length / probes.scrollSteps.length,
    },
    batches: {
      count: probes.batches.length,
      events: distribution(probes.batches.map(([, , events]) => events)),
      kb: distribution(probes.batches.map(([, , , bytes]) => bytes / 1024)),
      handlerMs: distribution(probes.batches.map(([handler]) => handler)),
      untilNextTaskMs: distribution(probes.batches.map(([, until]) => until)),
    },
    domRows: probes.domRows,
    heapMb: probes.heapMb,
    reopenMs,
    searchMs,
    clearSearchMs,
  };
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    log('building the renderer');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pacer-bench-ui-'));
  const host = await startHost(dataDir);
  log(`web host at ${host.url.replace(/token=[^&]+/, 'token=…')}, data in ${dataDir}`);
  // launchServer, not launch: its process() gives the browser's pid, for the CPU it used.
  const server = await chromium.launchServer({ ...(CHROMIUM ? { executablePath: CHROMIUM } : {}), args: ARGS, headless: true });
  const browser = await chromium.connect(server.wsEndpoint());
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.addInitScript(installSocketProbe);
    await openPacer(page, host.url);
    const results = await measure(page, browser.version(), host.child.pid, server.process().pid);
    writeFileSync(path.join(OUT_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(OUT_DIR, 'results.md'), renderResults(results));
    log('wrote bench/ui/results.md and bench/ui/results.json');
    console.log(`\n${renderResults(results)}`);
  } finally {
    await browser.close();
    await server.close();
    host.child.kill('SIGINT');
    await host.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
