import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceSection } from '../../bench/results-section.ts';
import { TEAM_SECTION, teamSection } from '../../bench/team/team-report.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function resultsFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pacer-results-'));
  dirs.push(dir);
  const file = join(dir, 'results.md');
  writeFileSync(file, text);
  return file;
}

describe('one bench rewrites only its own section of bench/results.md', () => {
  it('replaces the section in place and keeps the ones around it', () => {
    const file = resultsFile('# Benchmark results\n\n## Targets\n\nmet\n\n## Team scale\n\nold\n\n## Batch API vs online\n\nbatch\n');
    replaceSection(file, '## Team scale', '## Team scale\n\nnew\n');
    expect(readFileSync(file, 'utf8')).toBe('# Benchmark results\n\n## Targets\n\nmet\n\n## Team scale\n\nnew\n\n## Batch API vs online\n\nbatch\n');
  });

  it('appends a section the file lacks, and a heading inside another line is not the section', () => {
    const file = resultsFile('# Benchmark results\n\nSee ## Team scale below.\n');
    replaceSection(file, '## Team scale', '## Team scale\n\nnew\n');
    expect(readFileSync(file, 'utf8')).toBe('# Benchmark results\n\nSee ## Team scale below.\n\n## Team scale\n\nnew\n');
  });

  it('puts the team results under results.md\'s heading, their own headings one level down', () => {
    const section = teamSection('# Team scale: one quota\n\nWritten by …\n\n| a | b |\n\n## Targets (shared rows)\n\n- met\n');
    expect(section.startsWith(`${TEAM_SECTION}\n`)).toBe(true);
    expect(section).not.toContain('# Team scale: one quota');
    expect(section).toContain('\n### Targets (shared rows)\n');
    expect(section).toContain('| a | b |');
  });
});
