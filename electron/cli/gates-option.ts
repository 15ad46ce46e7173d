import type { GateSettings } from '../../shared/quality/gate-settings.ts';
import { GateSettingsError } from '../../shared/quality/parse-gate-settings.ts';
import { readGatesFile } from '../input/read-gates-file.ts';
import { UsageError } from './exit-codes.ts';

/** `--gates FILE` for run, resume and retry-failed: read before anything is stored or sent. */
export async function gatesOption(path: string | undefined): Promise<GateSettings | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readGatesFile(path);
  } catch (error) {
    if (error instanceof GateSettingsError) throw new UsageError(`--gates: ${error.message}`);
    throw error;
  }
}
