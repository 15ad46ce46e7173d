import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../shared/input/input-error.ts';
import { repeatedRowCount } from '../../shared/input/parse-topics.ts';
import { checkTemplate } from '../../shared/template.ts';
import { estimateRun } from '../engine/estimate-run.ts';
import { ArticleWriter } from '../export/article-writer.ts';
import { ExportError } from '../export/export-error.ts';
import { readTopicsFile } from '../input/read-topics-file.ts';
import { ProviderPool } from '../providers/provider-pool.ts';
import { RunService } from '../runs/run-service.ts';
import { driveRun } from './drive-run.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { openCliStore } from './open-cli-store.ts';
import { printEstimate } from './run-report.ts';
import { gatesOption } from './gates-option.ts';
import { keysOption } from './keys-option.ts';
import { checkBudgetPrice } from './budget-option.ts';
import { pricesOption } from './prices-option.ts';
import { parseRunArgs } from './run-args.ts';

export interface CliIo {
  /** `control` writes Pacer's own escape sequences raw where `write` neutralises them (terminal-output.ts). */
  readonly stdout: { write(text: string): void; control?(sequence: string): void; isTTY?: boolean };
  readonly stderr: { write(text: string): void };
  readonly env: NodeJS.ProcessEnv;
  /** Registers a Ctrl-C handler; returns its disposer. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

/**
 * `pacer run <file>`: reads topics, stores the run, runs it under the limits and writes one
 * Markdown file per topic as it finishes. A crash or Ctrl-C loses nothing: `pacer resume`.
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseRunArgs(argv, io.env, (path) => readFileSync(path, 'utf8'));
  const gates = await gatesOption(parsed.gatesFile);
  const args = gates ? { ...parsed, settings: { ...parsed.settings, gates } } : parsed;
  const keys = await keysOption(args.keysFile);
  const prices = await pricesOption(args.pricesFile);
  checkBudgetPrice(args.settings.budgetUsd, args.settings.model, prices);
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
  const repeats = repeatedRowCount(topics.duplicates);
  if (repeats > 0) {
    const example = JSON.stringify(topics.duplicates[0]!.topic);
    human.write(
      args.keepDuplicates
        ? `Running ${repeats} repeated topic(s) again as asked (--keep-duplicates), e.g. ${example}.\n`
        : `Skipped ${repeats} duplicate topic(s), e.g. ${example} (use --keep-duplicates to run them).\n`,
    );
  }
  if (topics.emptyRows.length > 0) human.write(`Ignored ${topics.emptyRows.length} empty row(s).\n`);
  printEstimate(human, estimateRun({ tasks: topics.tasks, settings: args.settings, prices }), args.settings);
  if (args.dryRun) return EXIT.ok;

  // The output folder is checked (and made) before the run is stored: a bad --out is a usage error, not a stored run that cannot start.
  const outDir = resolve(args.outDir);
  try {
    await ArticleWriter.open(outDir);
  } catch (error) {
    if (error instanceof ExportError) throw new UsageError(`Cannot use --out ${JSON.stringify(args.outDir)}: ${error.message}`);
    throw error;
  }
  const store = openCliStore(args.dataDir, io.env);
  const providers = new ProviderPool({
    apiKey: () => args.apiKey,
    simulator: { rpm: args.simulator.rpm, tpm: args.simulator.tpm, seed: args.simulator.seed, faults: { serverErrorRate: args.simulator.failRate } },
  });
  const service = new RunService({ store, providers, redisUrl: args.redisUrl, keys, prices });
  try {
    const runId = service.create({ settings: args.settings, inputs: topics.tasks, outDir });
    human.write(`Run ${runId.slice(0, 8)} · stored in ${store.path}\n`);
    const budget = args.settings.budgetUsd === null ? undefined : { limitUsd: args.settings.budgetUsd, spentUsd: 0 };
    return await driveRun(service, runId, io, { json: args.json, outDir, go: () => service.start(runId), budget });
  } finally {
    await service.close();
    store.close();
  }
}
