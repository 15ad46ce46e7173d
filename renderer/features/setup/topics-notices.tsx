import { formatCount } from '../../components/format.ts';
import { usePacer } from '../../store/store-context.tsx';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A file being read (bytes so far) or parsed, off the window's thread. */
export function TopicsLoadingNotice() {
  const loading = usePacer((s) => s.topicsLoading);
  if (!loading) return null;
  const reading = loading.phase === 'reading';
  return (
    <div className="topics-loading" role="status" data-testid="topics-loading" data-phase={loading.phase}>
      <p>
        {reading ? `Reading ${loading.name}: ${megabytes(loading.loaded)} of ${megabytes(loading.total)}` : `Finding the topics in ${loading.name} (${megabytes(loading.total)})…`}
      </p>
      {/* Without a value the bar shows work of unknown length: the parser reports no progress of its own. */}
      <progress max={loading.total} {...(reading && { value: loading.loaded })} aria-label={reading ? 'Reading the file' : 'Finding the topics'} />
    </div>
  );
}

/** A file that would replace the topics already there: replace them, or keep them. */
export function PendingFileNotice() {
  const pending = usePacer((s) => s.pendingFile);
  const current = usePacer((s) => s.topicsReading.parsed?.tasks.length ?? 0);
  const currentFile = usePacer((s) => s.topicsFileName);
  const replace = usePacer((s) => s.replaceWithPendingFile);
  const keep = usePacer((s) => s.keepCurrentTopics);
  if (!pending) return null;
  const incoming = pending.reading.parsed?.tasks.length;
  const what = currentFile ? `the ${formatCount(current)} topics from ${currentFile}` : `the ${formatCount(current)} pasted ${current === 1 ? 'topic' : 'topics'}`;
  return (
    <div className="banner banner-warning topics-pending" role="alertdialog" aria-label="Replace the topics?" data-testid="topics-pending">
      <p>
        Replace {what} with {pending.name}
        {incoming === undefined ? '' : ` (${formatCount(incoming)} ${incoming === 1 ? 'topic' : 'topics'})`}?
      </p>
      <div className="banner-actions">
        <button type="button" className="button-primary" data-testid="topics-pending-replace" onClick={replace}>
          Replace
        </button>
        <button type="button" className="button-secondary" data-testid="topics-pending-keep" onClick={keep}>
          Keep {currentFile ? 'the current file' : 'the pasted topics'}
        </button>
      </div>
    </div>
  );
}
