import type { RunSummary } from '../store/types.ts';
import { UsageError } from './exit-codes.ts';

/**
 * Which stored run the user meant. Run ids are UUIDs, unkind to type in full, so a prefix of at
 * least MIN_RUN_ID_PREFIX characters that starts exactly one id is accepted, as git accepts short
 * hashes. Shared by every command that takes a run id (export, resume, retry-failed).
 */
export const MIN_RUN_ID_PREFIX = 6;
// `pacer runs` shows ids this long (or longer where needed to tell them apart), like git's short hashes.
const SHOWN_ID_LENGTH = 8;
const LISTED_CANDIDATES = 10;
const HOW_TO_LIST = 'List the runs and their ids with `pacer runs` (npm run cli -- runs).';

/**
 * An exact id wins; otherwise the one run whose id starts with `idOrPrefix` (case-insensitively:
 * UUIDs are hex). Throws UsageError when none matches, the prefix is too short, or several match.
 */
export function findRun(runs: readonly RunSummary[], idOrPrefix: string): RunSummary {
  const wanted = idOrPrefix.trim();
  if (wanted === '') throw new UsageError(`Missing the run id. ${HOW_TO_LIST}`);
  const exact = runs.find((run) => run.id === wanted);
  if (exact) return exact;
  const folded = wanted.toLowerCase();
  const matches = runs.filter((run) => run.id.toLowerCase().startsWith(folded));
  if (matches.length === 0) {
    throw new UsageError(`No run has the id ${JSON.stringify(wanted)}${wanted.length >= MIN_RUN_ID_PREFIX ? ' or an id starting with it' : ''}. ${HOW_TO_LIST}`);
  }
  if (wanted.length < MIN_RUN_ID_PREFIX) {
    throw new UsageError(
      `Run id ${JSON.stringify(wanted)} is too short: give at least ${MIN_RUN_ID_PREFIX} characters of the id ` +
        `(${matches.length} run${matches.length === 1 ? '' : 's'} start${matches.length === 1 ? 's' : ''} with it). ${HOW_TO_LIST}`,
    );
  }
  if (matches.length === 1) return matches[0]!;
  const listed = matches.slice(0, LISTED_CANDIDATES).map((run) => `  ${run.id}  ${new Date(run.createdAt).toISOString()}  ${run.status}`);
  if (matches.length > LISTED_CANDIDATES) listed.push(`  …and ${matches.length - LISTED_CANDIDATES} more`);
  throw new UsageError(
    `Run id ${JSON.stringify(wanted)} is ambiguous: ${matches.length} runs start with it. Type more of the id:\n${listed.join('\n')}`,
  );
}

/**
 * Short forms of the ids for display, by id: the first SHOWN_ID_LENGTH characters, or more where two
 * ids share them, so every short form shown is accepted by `findRun` among these runs.
 */
export function shortRunIds(runs: readonly RunSummary[]): Map<string, string> {
  const ids = runs.map((run) => run.id);
  const sorted = ids.map((id) => id.toLowerCase()).sort();
  const shortIds = new Map<string, string>();
  for (const id of ids) {
    const folded = id.toLowerCase();
    const at = sorted.indexOf(folded);
    // Sorted, the ids sharing the longest prefix with this one are its neighbours.
    const shared = Math.max(commonPrefixLength(folded, sorted[at - 1]), commonPrefixLength(folded, sorted[at + 1]));
    shortIds.set(id, id.slice(0, Math.max(SHOWN_ID_LENGTH, shared + 1)));
  }
  return shortIds;
}

function commonPrefixLength(a: string, b: string | undefined): number {
  if (b === undefined) return 0;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
