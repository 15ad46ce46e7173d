import type { ParsedTopics } from '../../../shared/input/parse-topics.ts';
import { formatCount } from '../../components/format.ts';

/** What the import found: topics, repeats dropped, blank rows, and the columns usable as variables. */
export function TopicsSummary({ parsed }: { readonly parsed: ParsedTopics }) {
  const dropped = parsed.duplicates.reduce((sum, duplicate) => sum + duplicate.rows.length - 1, 0);
  const variables = parsed.columns.filter((column) => column !== parsed.topicColumn);
  return (
    <div className="topics-summary" data-testid="topics-stats">
      <p>
        <strong data-testid="topics-count" data-count={parsed.tasks.length}>
          {formatCount(parsed.tasks.length)} {parsed.tasks.length === 1 ? 'topic' : 'topics'}
        </strong>
        <span className="muted"> from {formatCount(parsed.rowCount)} {parsed.columns.length > 0 ? 'rows' : 'lines'}</span>
        {dropped > 0 ? (
          <span className="stat" data-testid="topics-duplicates" data-count={dropped} title={parsed.duplicates.map((d) => `${d.topic}: rows ${d.rows.join(', ')}`).join('\n')}>
            {formatCount(dropped)} {dropped === 1 ? 'duplicate' : 'duplicates'} dropped
          </span>
        ) : null}
        {parsed.emptyRows.length > 0 ? (
          <span className="stat" data-testid="topics-empty" data-count={parsed.emptyRows.length} title={`Rows ${parsed.emptyRows.slice(0, 50).join(', ')}`}>
            {formatCount(parsed.emptyRows.length)} empty {parsed.emptyRows.length === 1 ? 'row' : 'rows'} skipped
          </span>
        ) : null}
      </p>
      {variables.length > 0 ? (
        <p className="variables" data-testid="topic-variables">
          <span className="muted">Variables for the prompt: </span>
          {['topic', ...variables].map((name) => (
            <code key={name} className="variable">{`{{${name}}}`}</code>
          ))}
        </p>
      ) : null}
    </div>
  );
}
