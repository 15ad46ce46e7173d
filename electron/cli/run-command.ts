import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EngineEvent } from '../../shared/domain/events.ts';
import { InputError } from '../../shared/input/input-error.ts';
import { checkTemplate } from '../../shared/template.ts';
import { estimateRun } from '../engine/estimate-run.ts';
import { Run } from '../engine/run.ts';
import { ArticleWriter } from '../export/article-writer.ts';
import { readTopicsFile } from '../input/read-topics-file.ts';
import { openProvider } from '../providers/create-provider.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { printEstimate, printSummary } from './run-report.ts';
import { createReporter } from './progress-reporter.ts';
import { parseRunArgs } from './run-args.ts';

export interface CliIo {
  readonly stdout: { write(text: string): void; isTTY?: boolean };
  readonly stderr: { write(text: string): void };
  readonly env: NodeJS.ProcessEnv;
  /** Registers a Ctrl-C handler; returns its disposer. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

/** `pacer run <file>`: reads topics, runs them under the limits, writes one Markdown file per finished topic. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseRunArgs(argv, io.env, (path) => readFileSync(path, 'utf8'));
  let topics;
  try {
    topics = await readTopicsFile(args.file, { column: args.column, keepDuplicates: args.keepDuplicates });
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
  const templateError = checkTemplate(args.settings.promptTemplate, topics.columns);
  if (templateError) throw new UsageError(templateError.message);

  const human = args.json ? io.stderr : io.stdout;
  if (topics.duplicates.length > 0) {
    human.write(`Skipped ${topics.duplicates.length} duplicate topic(s), e.g. ${JSON.stringify(topics.duplicates[0]!.topic)} (use --keep-duplicates to run them).\n`);
  }
  if (topics.emptyRows.length > 0) human.write(`Ignored ${topics.emptyRows.length} empty row(s).\n`);

  const estimate = estimateRun({ tasks: topics.tasks, settings: args.settings });
  printEstimate(human, estimate, args.settings);
  if (args.dryRun) return EXIT.ok;

  let writer: ArticleWriter;
  try {
    writer = await ArticleWriter.open(args.outDir);
  } catch (error) {
    throw new UsageError(`Cannot use --out ${JSON.stringify(args.outDir)}: ${(error as Error).message}`);
  }
  const handle = await openProvider(args.settings.provider, args.apiKey, {
    rpm: args.simulator.rpm,
    tpm: args.simulator.tpm,
    seed: args.simulator.seed,
    faults: { serverErrorRate: args.simulator.failRate },
  });
  const run = new Run({
    id: randomUUID(),
    settings: args.settings,
    tasks: topics.tasks.map((t) => ({ id: String(t.index), index: t.index, topic: t.topic, vars: t.vars })),
  provider: handle.provider,
  });
  const reporter = createReporter(args.json ? 'json' : io.stdout.isTTY ? 'tty' : 'plain', run.view, io.stdout);
  const writes: Promise<void>[] = [];
  let writeFailures = 0;
  const stats = { requests: 0, rateLimited: 0 };
  run.on((event) => reporter.onEvent(event));
  run.on((event) => countRequests(event, stats));
  run.on((event) => {
    if (event.type !== 'task.done') return;
    const task = run.view.get(event.taskId);
    const vars = topics.tasks[task.index]?.vars;
    writes.push(
      writer
        .write({ topic: task.topic, model: args.settings.model, usage: event.usage, attempts: event.attempt, createdAt: new Date(event.at), text: event.text, vars })
        .then(
          () => undefined,
          (error: Error) => {
            writeFailures++;
            reporter.note(`Could not write the article for ${JSON.stringify(task.topic)}: ${error.message}`);
          },
        ),
    );
  });
  let interrupted = false;
  const dispose = io.onInterrupt(() => {
    interrupted = true;
    reporter.note('Cancelling: aborting requests in flight…');
    void run.cancel('Cancelled with Ctrl-C.');
  });
  const startedAt = Date.now();
  try {
    const result = await run.start();
    await Promise.all(writes);
    reporter.close();
    printSummary(human, { result, elapsedMs: Date.now() - startedAt, outDir: writer.dir, writeFailures, ...stats });
    if (interrupted) return EXIT.interrupted;
    if (result.outcome === 'stopped') return EXIT.stopped;
    return result.counts.failed > 0 || writeFailures > 0 ? EXIT.someFailed : EXIT.ok;
  } finally {
    dispose();
    await handle.close();
  }
}

function countRequests(event: EngineEvent, stats: { requests: number; rateLimited: number }): void {
  if (event.type === 'attempt.started') stats.requests++;
  if (event.type === 'attempt.failed' && event.error.kind === 'rate_limited') stats.rateLimited++;
}
