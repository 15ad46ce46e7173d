import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One member of a team: the CLI in its own OS process, as a user starts it (`pacer run …`), with
 * its own data folder and topics, on the bench's simulator and, when sharing, its Redis.
 */
const CLI_MAIN = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));

export interface MemberPlan {
  /** Where its topics file, data folder and articles go. */
  readonly dir: string;
  readonly baseURL: string;
  readonly topics: readonly string[];
  readonly rpm: number;
  readonly redisUrl?: string;
  /** The key it sends with; or a pool, one line per key as --keys reads them. */
  readonly key: string;
  readonly keysFile?: readonly string[];
}

export interface Member {
  readonly pid: number;
  /** The CLI's exit code (null: killed). */
  readonly exited: Promise<number | null>;
  readonly output: () => string;
  kill(): void;
}

export function startMember(plan: MemberPlan): Member {
  mkdirSync(plan.dir, { recursive: true });
  const topicsFile = path.join(plan.dir, 'topics.txt');
  writeFileSync(topicsFile, `${plan.topics.join('\n')}\n`);
  const args = [CLI_MAIN, 'run', topicsFile, '--provider', 'openai', '--base-url', plan.baseURL, '--prompt', '{{topic}}', '--rpm', String(plan.rpm)];
  args.push('--max-tokens', '20', '--max-attempts', '12', '--timeout', '30', '--data', path.join(plan.dir, 'data'), '--out', path.join(plan.dir, 'articles'));
  if (plan.redisUrl) args.push('--redis', plan.redisUrl);
  if (plan.keysFile) {
    const keysFile = path.join(plan.dir, 'keys.txt');
    writeFileSync(keysFile, `${plan.keysFile.join('\n')}\n`, { mode: 0o600 });
    args.push('--keys', keysFile);
  }
  const child = spawn(process.execPath, args, {
    env: { ...process.env, OPENAI_API_KEY: plan.key, PACER_REDIS_URL: '', PACER_DATA_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { pid: child.pid ?? -1, exited, output: () => output, kill: () => child.kill('SIGKILL') };
}
