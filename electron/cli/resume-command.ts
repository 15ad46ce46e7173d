import { parseArgs } from 'node:util';
import { ProviderPool } from '../providers/provider-pool.ts';
import { RunService } from '../runs/run-service.ts';
import { driveRun } from './drive-run.ts';
import { budgetOption, checkBudgetPrice } from './budget-option.ts';
import { pricesOption } from './prices-option.ts';
import { UsageError } from './exit-codes.ts';
import { findRun } from './find-run.ts';
import { openCliStore } from './open-cli-store.ts';
import { gatesOption } from './gates-option.ts';
import { keysOption } from './keys-option.ts';
import { redisUrl } from './redis-url.ts';
import type { CliIo } from './run-command.ts';

const OPTIONS = { data: { type: 'string' }, json: { type: 'boolean' }, redis: { type: 'string' }, keys: { type: 'string' }, 'budget-usd': { type: 'string' }, prices: { type: 'string' }, gates: { type: 'string' } } as const;

/**
 * `pacer resume <run-id>` sends only what is not done, with the run's own settings and output
 * folder (the key again from OPENAI_API_KEY); `pacer retry-failed <run-id>` also puts its failed
 * tasks back, and those that need review. `--gates FILE` replaces the run's quality gates. Articles finished before a crash but not yet on disk are written first.
 */
export async function resumeCommand(argv: string[], io: CliIo, mode: 'resume' | 'retry-failed'): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [idOrPrefix, ...extra] = parsed.positionals;
  if (idOrPrefix === undefined || extra.length > 0) throw new UsageError(`Usage: pacer ${mode} <run-id> [--data DIR] [--json] [--redis URL] [--keys FILE] [--budget-usd N] [--prices FILE] [--gates FILE]`);
  const budgetUsd = budgetOption(parsed.values['budget-usd']);
  const keys = await keysOption(parsed.values.keys);
  const prices = await pricesOption(parsed.values.prices);
  const gates = await gatesOption(parsed.values.gates);
  // Every option is checked before the data folder is opened or anything in it is changed.
  const sharedQuota = redisUrl(parsed.values.redis, io.env);
  const store = openCliStore(parsed.values.data, io.env);
  const apiKey = io.env.OPENAI_API_KEY?.trim() || undefined;
  const service = new RunService({ store, providers: new ProviderPool({ apiKey: () => apiKey }), redisUrl: sharedQuota, keys, prices });
  try {
    const run = findRun(store.listRuns(), idOrPrefix);
    const detail = store.getRun(run.id)!;
    if (detail.settings.provider.kind === 'openai' && !apiKey && !keys && new URL(detail.settings.provider.baseURL).hostname.endsWith('openai.com')) {
      throw new UsageError('OPENAI_API_KEY is not set, and this run talks to OpenAI. Export your key and resume again.');
    }
    const limitUsd = budgetUsd ?? detail.settings.budgetUsd;
    checkBudgetPrice(limitUsd, detail.settings.model, prices);
    // The new gates are stored only once nothing can refuse the resume any more.
    if (gates) service.setGates(run.id, gates);
    // A new budget is the run's from now on: a run stopped at its budget goes on with a higher one.
    const change = budgetUsd === undefined ? {} : { budgetUsd };
    const go = () => (mode === 'resume' ? service.start(run.id, undefined, change) : service.retryFailed(run.id, change));
    const budget = limitUsd === null ? undefined : { limitUsd, spentUsd: service.spentUsd(run.id) };
    return await driveRun(service, run.id, io, { json: parsed.values.json ?? false, outDir: detail.outDir ?? undefined, go, budget });
  } finally {
    await service.close();
    store.close();
  }
}
