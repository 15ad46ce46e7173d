import type { ExportedFile, ExportReport } from '../../../shared/ipc/contract.ts';
import { formatCount } from '../../components/format.ts';
import { PathText } from '../../components/path-text.tsx';

/** What an export wrote, what was already there, and every failure with its message. */
export function ExportReportView({ report }: { readonly report: ExportReport }) {
  const { markdown } = report;
  return (
    <section className="export-report" data-testid="export-report" aria-live="polite" aria-label="Export report">
      <h3>Exported to</h3>
      <p>
        <PathText path={report.dir} testId="export-dir" />
      </p>
      <ul>
        {markdown ? (
          <>
            <li data-testid="export-written" data-count={markdown.written}>
              {formatCount(markdown.written)} Markdown {markdown.written === 1 ? 'file' : 'files'} written
            </li>
            <li data-testid="export-already" data-count={markdown.alreadyExported}>
              {formatCount(markdown.alreadyExported)} already there, left as they were
            </li>
          </>
        ) : null}
        {report.csv ? <ResultsFile label="CSV" file={report.csv} testId="export-csv" /> : null}
        {report.jsonl ? <ResultsFile label="JSONL" file={report.jsonl} testId="export-jsonl" /> : null}
      </ul>
      {markdown && markdown.failed.length > 0 ? (
        <div className="message-error" data-testid="export-failures" data-count={markdown.failed.length}>
          <p>
            {formatCount(markdown.failed.length)} {markdown.failed.length === 1 ? 'article' : 'articles'} could not be written:
          </p>
          <ul>
            {markdown.failed.map((failure, index) => (
              <li key={index}>{failure.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function ResultsFile({ label, file, testId }: { readonly label: string; readonly file: ExportedFile; readonly testId: string }) {
  return (
    <li data-testid={testId} data-unchanged={file.unchanged}>
      {label}: <PathText path={file.path} />
      {file.unchanged ? <span className="muted"> (already there with the same content, left as it was)</span> : null}
    </li>
  );
}
