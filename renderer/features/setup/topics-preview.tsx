import type { ParsedTopics } from '../../../shared/input/parse-topics.ts';

/** Rows shown: enough to recognise the file and check the column, not a spreadsheet. */
const PREVIEW_ROWS = 5;

/**
 * The first topics of a loaded file, every column shown and the topic column highlighted, so a
 * wrong column choice is seen before anything is sent.
 */
export function TopicsPreview({ parsed }: { readonly parsed: ParsedTopics }) {
  const columns = parsed.columns.length > 0 ? parsed.columns : ['topic'];
  const topicColumn = parsed.topicColumn ?? 'topic';
  const rows = parsed.tasks.slice(0, PREVIEW_ROWS);
  return (
    <div className="topics-preview" data-testid="topics-preview">
      <table>
        <caption className="muted">
          First {rows.length} of {parsed.tasks.length}; the highlighted column is the topic
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={column === topicColumn ? 'is-topic' : undefined} data-topic-column={column === topicColumn || undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((task) => (
            <tr key={task.index} data-testid="topics-preview-row">
              {columns.map((column) => (
                <td key={column} className={column === topicColumn ? 'is-topic' : undefined} title={task.vars[column]}>
                  {task.vars[column] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
