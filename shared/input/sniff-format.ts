import type { TopicFormat } from './parse-topics.ts';
import { TOPIC_COLUMN_NAMES } from './parse-topics.ts';

/**
 * Guesses whether text is a table or a plain list, for files with an unknown extension and for
 * pasted text. A list of topics often contains commas ("Paris, France: a travel guide"), so a
 * comma alone proves nothing: it is a table only when its first line is a header that names a
 * topic column (topic, title, keyword, keywords). Anything else is read one topic per line.
 */
export function sniffFormat(text: string): TopicFormat {
  const firstLine = text.replace(/^\uFEFF/, '').slice(0, 65_536).split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  if (namesTopicColumn(firstLine.split('\t'))) return 'tsv';
  if (namesTopicColumn(firstLine.split(',')) || namesTopicColumn(firstLine.split(';'))) return 'csv';
  return 'lines';
}

function namesTopicColumn(cells: readonly string[]): boolean {
  if (cells.length < 2) return false;
  const names: readonly string[] = TOPIC_COLUMN_NAMES;
  return cells.some((cell) => names.includes(cell.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase()));
}
