import { useId } from 'react';
import { formatCount } from '../../components/format.ts';
import type { FormatChoice } from '../../store/read-topics.ts';
import { usePacer } from '../../store/store-context.tsx';
import { OpenTopicsFileButton } from './open-topics-file-button.tsx';
import { PendingFileNotice, TopicsLoadingNotice } from './topics-notices.tsx';
import { TopicsPreview } from './topics-preview.tsx';
import { TopicsSummary } from './topics-summary.tsx';

const FORMAT_LABELS: Readonly<Record<FormatChoice, string>> = {
  auto: 'Automatic',
  lines: 'One topic per line',
  csv: 'CSV with a header row',
  tsv: 'TSV with a header row',
};

/** The topics: pasted one per line, or a file (dropped anywhere, or opened), read by the shared parser. */
export function TopicsPanel() {
  const text = usePacer((s) => s.topicsText);
  const fileName = usePacer((s) => s.topicsFileName);
  const reading = usePacer((s) => s.topicsReading);
  const fileError = usePacer((s) => s.fileError);
  const topicColumn = usePacer((s) => s.topicColumn);
  const formatChoice = usePacer((s) => s.formatChoice);
  const setTopicsText = usePacer((s) => s.setTopicsText);
  const setFormatChoice = usePacer((s) => s.setFormatChoice);
  const setTopicColumn = usePacer((s) => s.setTopicColumn);
  const clearTopics = usePacer((s) => s.clearTopics);
  const dismissFileError = usePacer((s) => s.dismissFileError);
  const ids = { box: useId(), format: useId(), column: useId(), error: useId() };
  const error = fileError ?? reading.error;
  const { parsed } = reading;
  const isTable = reading.format !== 'lines';

  return (
    <section className="card topics-panel" aria-labelledby={`${ids.box}-title`}>
      <header className="card-header">
        <h2 id={`${ids.box}-title`}>Topics</h2>
        <OpenTopicsFileButton />
      </header>

      {fileName === null ? (
        <textarea
          id={ids.box}
          className="topics-input"
          data-testid="topics-input"
          aria-label="Topics, one per line"
          aria-describedby={error ? ids.error : undefined}
          aria-invalid={error ? true : undefined}
          placeholder={'Paste topics here, one per line\n\nor drop a .csv, .tsv or .txt file anywhere on the window'}
          value={text}
          spellCheck={false}
          onChange={(event) => setTopicsText(event.target.value)}
        />
      ) : (
        <div className="topics-file" data-testid="topics-file">
          <span className="topics-file-name">{fileName}</span>
          <span className="muted">
            {formatCount(text.length)} characters · read as {FORMAT_LABELS[reading.format]}
          </span>
          <button type="button" className="button-quiet" data-testid="topics-clear" onClick={clearTopics}>
            Remove
          </button>
        </div>
      )}

      <div className="topics-options">
        <div className="field field-inline">
          <label htmlFor={ids.format}>Read as</label>
          <select id={ids.format} data-testid="topics-format" value={formatChoice} onChange={(event) => setFormatChoice(event.target.value as FormatChoice)}>
            {(Object.keys(FORMAT_LABELS) as FormatChoice[]).map((choice) => (
              <option key={choice} value={choice}>
                {FORMAT_LABELS[choice]}
              </option>
            ))}
          </select>
        </div>
        {isTable && reading.columns.length > 0 ? (
          <div className="field field-inline">
            <label htmlFor={ids.column}>Topic column</label>
            <select id={ids.column} data-testid="topic-column" value={parsed?.topicColumn ?? topicColumn ?? ''} onChange={(event) => setTopicColumn(event.target.value)}>
              {reading.columns.map((column) => (
                <option key={column} value={column}>
                  {column}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>

      <TopicsLoadingNotice />
      <PendingFileNotice />
      {error ? (
        <div className="message-error topics-error" role="alert">
          <p id={ids.error} data-testid="topics-error">
            {error}
          </p>
          {fileError ? (
            <button type="button" className="button-quiet button-small" data-testid="topics-error-dismiss" onClick={dismissFileError}>
              {text.trim() === '' ? 'Dismiss' : 'Keep the topics below'}
            </button>
          ) : null}
        </div>
      ) : null}
      {parsed ? <TopicsSummary parsed={parsed} /> : null}
      {parsed && fileName !== null ? <TopicsPreview parsed={parsed} /> : null}
    </section>
  );
}
