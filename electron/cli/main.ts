import { ExportError } from '../export/export-error.ts';
import { knownSecrets } from '../secrets/secret-redactor.ts';
import { isUnusableStore } from '../store/store-error.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { exportCommand } from './export-command.ts';
import { resumeCommand } from './resume-command.ts';
import type { CliIo } from './run-command.ts';
import { runCommand } from './run-command.ts';
import { runsCommand } from './runs-command.ts';
import { terminalStream, terminalText } from './terminal-output.ts';

const USAGE = `Usage: npm run cli -- <command> …

  run <topics.txt|topics.csv> [options]    run a batch (options below)
  runs [--data DIR] [--json]               list stored runs, newest first (--json: for scripts)
  resume <run-id> [--data DIR] [--json]    go on with an interrupted, cancelled or stopped run:
                                           only what is not done is sent, to the run's own folder;
                                           --budget-usd N gives it a new (higher) budget
  retry-failed <run-id> [--data DIR]       the same, and its failed tasks and those that need
                                           review are sent again
  export <run-id> --out DIR [--data DIR]   write a stored run's finished articles as Markdown;
                                           repeatable: articles already in DIR are not written again
  A run id may be shortened to its first 6 or more characters when that picks one run.
  --data DIR             where runs are stored (default: $PACER_DATA_DIR, else the app-data folder)

Options of run:
  --column NAME          CSV column holding the topic (default: topic/title/keyword, else the first)
  --prompt TEXT          prompt template; {{topic}} and {{column}} are filled per row
  --prompt-file FILE     read the prompt template from a file
  --system TEXT          system prompt
  --model M              model name (default gpt-4o-mini)
  --provider simulator|openai   default: the built-in simulator (no key, no network)
  --base-url URL         an OpenAI-compatible server (OpenAI, OpenRouter, Ollama, LM Studio, vLLM),
                         http:// or https:// only; the key comes from OPENAI_API_KEY
  --rpm N, --tpm N       requests / tokens per minute (default: learned from the server's headers);
                         with --redis, the whole quota's, shared by every process using it
  --burst N, --burst-tokens N   how many requests / tokens may go at once (default: learned, starting
                         from one request and growing as the server proves it takes more)
  --keys FILE            a pool of API keys, one per line with an optional label and its own
                         limits (KEY [LABEL] [rpm=N] [tpm=N]); each key is its own quota, a task
                         goes to the one that can take it soonest, a refused key leaves the pool
  --redis URL            share each quota (provider, key, model) with every process and machine
                         pointed at this Redis (default: $PACER_REDIS_URL; none: this process alone)
  --mode online|batch|auto   online (default): as fast as the limits allow, list price; batch: the
                         Batch API, half price, done within 24 h (Ctrl-C cancels its batches; a
                         crash or quit leaves them running and resume collects them); auto: batch
                         while online could still finish by --deadline, else online
  --deadline DURATION    for auto and batch: finish by then (2h, 90m, 1h30m); what is left moves
                         online in time to meet it
  --batch-token-limit N  the provider's enqueued-token limit for the model (default: learned from a
                         batch refused with token_limit_exceeded)
  --workers N|auto       requests in flight (default auto: sized from the limits and latency)
  --max-tokens N         max output tokens per request (default 1024, at most 200000)
  --budget-usd N         never spend more than N US dollars (at the model's list price): each request
                         reserves its worst case (prompt + max tokens) before it goes; when what is
                         left cannot cover the next one, the run stops (exit 4), resumable with more
  --prices FILE          your own prices per model, JSON: {"my-model": {"inputPerMillion": 0.2,
                         "outputPerMillion": 0.8}} (US dollars per 1M tokens; also resume, retry-failed)
  --temperature T        0–2 (default 0.7)
  --max-attempts N       attempts per topic, including the first (default 6)
  --timeout SECONDS      per request (default 120)
  --out DIR              where each article is written as soon as it finishes (default ./articles)
  --dry-run              print the estimate and send nothing
  --json                 print every engine event as a JSON line on stdout
  --keep-duplicates      run duplicate topics instead of skipping them
  --gates FILE           quality gates (JSON) every article must pass, else it is regenerated and in
                         the end marked "needs review"; e.g. {"maxRegenerations": 2, "words": {"min": 600},
                         "keywords": {}, "structure": {"minHeadings": 3}, "phrases": {}, "nearDuplicate": {}}
                         (resume and retry-failed take it too, replacing the run's gates)
  --sim-rpm N, --sim-tpm N, --sim-fail-rate R, --seed N   the simulator's own limits and faults

Exit codes: 0 all done, 1 some tasks failed (export: some files not written), 2 bad usage or input
(unknown run id; a data folder that is locked, unwritable or full: a run stopped by a full disk can
be resumed), 3 run stopped (bad key, quota, no server at the URL, a server wait of hours: resume it later),
4 budget reached (--budget-usd: resume with a higher --budget-usd to finish; what is done is not paid again),
5 the run completed with nothing failed, but some articles need review (they failed a quality gate
after every regeneration: see --gates).
`;

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  // Every line printed passes through terminalText: no API key, no escape sequence from user data.
  knownSecrets.remember(rawIo.env.OPENAI_API_KEY);
  const io: CliIo = { ...rawIo, stdout: terminalStream(rawIo.stdout, knownSecrets), stderr: terminalStream(rawIo.stderr, knownSecrets) };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'runs':
        return runsCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'resume':
        return await resumeCommand(rest, io, 'resume');
      case 'retry-failed':
        return await resumeCommand(rest, io, 'retry-failed');
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    }
  } catch (error) {
    // Bad input, a data folder that cannot be used (locked, unwritable, full…), or a run's export
    // folder that cannot (resume): the message says what to do.
    if (error instanceof UsageError || isUnusableStore(error) || error instanceof ExportError) {
      io.stderr.write(`pacer: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

if (import.meta.main) {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(terminalText(`pacer: unexpected error: ${detail}\n`, knownSecrets));
      process.exitCode = 70;
    },
  );
}
