/**
 * Runs the simulator from the command line so any OpenAI client can be pointed at it:
 *
 *   npx node electron/providers/simulator/main.ts --port 8787 --rpm 60 --tpm 40000
 *
 * (`npx node` picks the project's Node 24, which runs this TypeScript directly.) Limits take a
 * number or `none`; shapes (how a limit is enforced) are `bucket:SECONDS`, `window:SECONDS` or
 * `quantized:1s|100ms`, for both dimensions (--shape) or each (--shape-requests, --shape-tokens).
 * It also serves the Batch API (/v1/files, /v1/batches); --batch-completion-ms sets how long a
 * batch takes. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import type { LimitShape } from './limit-shape.ts';
import { LIMIT_SHAPE_SYNTAX, parseLimitShape } from './limit-shape-text.ts';
import type { SimulatorOptions } from './options.ts';
import { startSimulator } from './start-simulator.ts';

const USAGE = `Usage: main.ts [--port 8787] [--host 127.0.0.1] [--rpm 500|none] [--tpm 200000|none]
  [--burst-seconds 60] [--shape S] [--shape-requests S] [--shape-tokens S] [--strict] [--seed 1] [--first-token-ms 300] [--jitter-ms 150]
  [--tokens-per-second 400] [--server-error-rate 0] [--overload-rate 0] [--hang-rate 0]
  [--drop-rate 0] [--truncate-rate 0] [--reset-rate 0] [--stall-rate 0] [--no-headers-on-429-rate 0] [--quota-requests N] [--api-key KEY ...]
  [--header-style openai|azure-missing]
  [--batch-completion-ms 20000] [--batch-expiry-ms 86400000] [--batch-enqueued-tokens 2000000|none]
  S: ${LIMIT_SHAPE_SYNTAX}, e.g. --shape-requests window:10`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string' },
    rpm: { type: 'string' },
    tpm: { type: 'string' },
    'burst-seconds': { type: 'string' },
    shape: { type: 'string' },
    'shape-requests': { type: 'string' },
    'shape-tokens': { type: 'string' },
    strict: { type: 'boolean', default: false },
    seed: { type: 'string' },
    'first-token-ms': { type: 'string', default: '300' },
    'jitter-ms': { type: 'string', default: '150' },
    'tokens-per-second': { type: 'string', default: '400' },
    'server-error-rate': { type: 'string' },
    'overload-rate': { type: 'string' },
    'hang-rate': { type: 'string' },
    'drop-rate': { type: 'string' },
    'truncate-rate': { type: 'string' },
    'reset-rate': { type: 'string' },
    'stall-rate': { type: 'string' },
    'no-headers-on-429-rate': { type: 'string' },
    'quota-requests': { type: 'string' },
    'api-key': { type: 'string', multiple: true },
    'header-style': { type: 'string' },
    'batch-completion-ms': { type: 'string' },
    'batch-expiry-ms': { type: 'string' },
    'batch-enqueued-tokens': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/** A number flag; `none` means unlimited where `nullable`. Bad input exits with the usage. */
function num(name: string, text: string | undefined, nullable = false): number | null | undefined {
  if (text === undefined) return undefined;
  if (nullable && text === 'none') return null;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) {
    console.error(`--${name} must be a number${nullable ? " or 'none'" : ''}, got '${text}'\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const style = values['header-style'];
if (style !== undefined && style !== 'openai' && style !== 'azure-missing') {
  console.error(`--header-style must be 'openai' or 'azure-missing', got '${style}'\n${USAGE}`);
  process.exit(2);
}

/** A shape flag; bad input exits with the usage. */
function shapeFlag(name: string, text: string | undefined): LimitShape | undefined {
  if (text === undefined) return undefined;
  try {
    return parseLimitShape(name, text);
  } catch (error) {
    console.error(`--${name}: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const bothShapes = shapeFlag('shape', values.shape);
const options: SimulatorOptions = {
  port: num('port', values.port) ?? 8787,
  host: values.host,
  rpm: num('rpm', values.rpm, true),
  tpm: num('tpm', values.tpm, true),
  burstSeconds: num('burst-seconds', values['burst-seconds']) ?? undefined,
  shape: {
    requests: shapeFlag('shape-requests', values['shape-requests']) ?? bothShapes,
    tokens: shapeFlag('shape-tokens', values['shape-tokens']) ?? bothShapes,
  },
  chargeRejected: values.strict,
  seed: num('seed', values.seed) ?? undefined,
  latency: {
    firstTokenMs: num('first-token-ms', values['first-token-ms']) ?? 300,
    jitterMs: num('jitter-ms', values['jitter-ms']) ?? 150,
    tokensPerSecond: num('tokens-per-second', values['tokens-per-second']) ?? 400,
  },
  faults: {
    serverErrorRate: num('server-error-rate', values['server-error-rate']) ?? 0,
    overloadRate: num('overload-rate', values['overload-rate']) ?? 0,
    hangRate: num('hang-rate', values['hang-rate']) ?? 0,
    dropRate: num('drop-rate', values['drop-rate']) ?? 0,
    truncateRate: num('truncate-rate', values['truncate-rate']) ?? 0,
    resetRate: num('reset-rate', values['reset-rate']) ?? 0,
    stallRate: num('stall-rate', values['stall-rate']) ?? 0,
    noHeadersOn429Rate: num('no-headers-on-429-rate', values['no-headers-on-429-rate']) ?? 0,
  },
  quotaRequests: num('quota-requests', values['quota-requests']) ?? null,
  apiKeys: values['api-key'] ?? null,
  headerStyle: style,
  batch: {
    completionMs: num('batch-completion-ms', values['batch-completion-ms']) ?? undefined,
    expiryMs: num('batch-expiry-ms', values['batch-expiry-ms']) ?? undefined,
    enqueuedTokenLimit: num('batch-enqueued-tokens', values['batch-enqueued-tokens'], true),
  },
};

try {
  const sim = await startSimulator(options);
  console.log(`Pacer simulator listening. Base URL: ${sim.url}`);
  console.log(`Point any OpenAI client at it, e.g. new OpenAI({ baseURL: '${sim.url}', apiKey: 'sk-anything' })`);
  const stop = () => {
    const stats = sim.stats();
    console.log(`\nStopping. ${stats.requests} requests: ${stats.succeeded} succeeded, ${stats.rateLimited} rate limited.`);
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`Could not start the simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
