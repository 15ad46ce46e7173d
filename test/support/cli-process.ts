import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The CLI as a user runs it: a child process on the same Node, its exit code as the shell sees it
 * (main.ts turns an unexpected error into exit 70 with a stack), stdout and stderr in full. A run
 * that does not end within `timeoutMs` is killed and reported as hung, so a hang fails the test
 * with what the CLI had printed instead of timing out silently.
 */
export const CLI_MAIN = path.join(import.meta.dirname, '../../electron/cli/main.ts');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly hung: boolean;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { ...process.env, OPENAI_API_KEY: '', PACER_DATA_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });
  });
}

/** No "unexpected error" and no stack frame: what a user must never see for a problem they can fix. */
export function looksLikeACrash(result: CliResult): boolean {
  return /unexpected error|^\s+at .+:\d+:\d+\)?$/m.test(result.stderr + result.stdout);
}
