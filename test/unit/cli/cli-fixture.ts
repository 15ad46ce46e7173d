import { EXIT, UsageError } from '../../../electron/cli/exit-codes.ts';
import type { CliIo } from '../../../electron/cli/run-command.ts';

/** A CliIo that records what a command prints; `env` has no PACER_DATA_DIR unless a test sets one. */
export function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text) => void out.push(text), isTTY: false },
    stderr: { write: (text) => void err.push(text) },
    env,
    onInterrupt: () => () => undefined,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/**
 * The exit code the CLI ends with, as main.ts decides it: the command's own code, or EXIT.usage
 * with the message on stderr for a UsageError. Anything else propagates (exit 70 in main).
 */
export async function exitCodeOf(command: (io: CliIo) => number | Promise<number>, io: CliIo): Promise<number> {
  try {
    return await command(io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`pacer: ${error.message}\n`);
    return EXIT.usage;
  }
}
