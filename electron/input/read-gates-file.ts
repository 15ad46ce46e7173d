import { InputError } from '../../shared/input/input-error.ts';
import type { GateSettings } from '../../shared/quality/gate-settings.ts';
import { GateSettingsError, parseGateSettings } from '../../shared/quality/parse-gate-settings.ts';
import type { GateSettingsErrorCode } from '../../shared/quality/parse-gate-settings.ts';
import { readUserTextFile } from './read-user-text-file.ts';
import type { UserTextFileKind } from './read-user-text-file.ts';

/** Far more than any list of gates and phrases needs; a larger file is a wrong path. */
export const MAX_GATES_FILE_BYTES = 1024 * 1024;

const CHOOSE = 'Give --gates the path of a JSON file of gate settings.';

const GATES_FILE: UserTextFileKind = { what: 'Gates file', choose: CHOOSE, binaryHint: CHOOSE, maxBytes: MAX_GATES_FILE_BYTES, tooLarge: 'Check that --gates names the right file.' };

/** Reads `--gates FILE`: a JSON object of gate settings (shared/quality/gate-settings.ts). */
export async function readGatesFile(path: string): Promise<GateSettings> {
  let text: string;
  try {
    text = await readUserTextFile(path, GATES_FILE);
  } catch (error) {
    if (error instanceof InputError) throw new GateSettingsError(gatesCode(error), error.message, { cause: error });
    throw error;
  }
  return parseGateSettings(text, path);
}

function gatesCode(error: InputError): GateSettingsErrorCode {
  switch (error.code) {
    case 'not_found':
    case 'too_large':
    case 'encoding':
      return error.code;
    case 'binary':
      return 'encoding';
    default:
      return 'unreadable';
  }
}
