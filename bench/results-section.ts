import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Rewrites one `## ` section of a results file in place, or appends it, and leaves the others as
 * they are: a bench that measures one part (`npm run bench -- batch`, `npm run bench:team`)
 * rewrites only its own part of bench/results.md.
 */
export function replaceSection(file: string, heading: string, section: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmark results\n';
  }
  const start = text.indexOf(`\n${heading}\n`) + 1;
  const after = start <= 0 ? -1 : text.indexOf('\n## ', start + heading.length);
  const before = start <= 0 ? `${text.trimEnd()}\n\n` : text.slice(0, start);
  const rest = after < 0 ? '' : text.slice(after + 1);
  writeFileSync(file, `${before}${section.trimEnd()}\n${rest ? `\n${rest}` : ''}`);
}
