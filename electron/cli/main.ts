import { EXIT, UsageError } from './exit-codes.ts';
import type { CliIo } from './run-command.ts';
import { runCommand } from './run-command.ts';

const USAGE = `Usage: npm run cli -- run <topics.txt|topics.csv> [options]

  --column NAME          CSV column holding the topic (default: topic/title/keyword, else the first)
  --prompt TEXT          prompt template; {{topic}} and {{column}} are filled per row
  --prompt-file FILE     read the prompt template from a file
  --system TEXT          system prompt
  --model M              model name (default gpt-4o-mini)
  --provider simulator|openai   default: the built-in simulator (no key, no network)
  --base-url URL         an OpenAI-compatible server (OpenAI, OpenRouter, Ollama, LM Studio, vLLM);
                         the key comes from OPENAI_API_KEY
  --rpm N, --tpm N       requests / tokens per minute (default: learned from the server's headers)
  --workers N|auto       requests in flight (default auto: sized from the limits and latency)
  --max-tokens N         max output tokens per request (default 1024)
  --temperature T        0–2 (default 0.7)
  --max-attempts N       attempts per topic, including the first (default 6)
  --timeout SECONDS      per request (default 120)
  --out DIR              where the Markdown files go (default ./articles)
  --dry-run              print the estimate and send nothing
  --json                 print every engine event as a JSON line on stdout
  --keep-duplicates      run duplicate topics instead of skipping them
  --sim-rpm N, --sim-tpm N, --sim-fail-rate R, --seed N   the simulator's own limits and faults

Exit codes: 0 all done, 1 some tasks failed, 2 bad usage or input, 3 run stopped (bad key, quota).
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
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
    if (error instanceof UsageError) {
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
      process.stderr.write(`pacer: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
