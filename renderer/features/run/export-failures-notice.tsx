import { formatCount } from '../../components/format.ts';
import { PathText } from '../../components/path-text.tsx';
import { usePacer } from '../../store/store-context.tsx';

/** Articles the run could not write to its output folder as they finished (export.failed events). */
export function ExportFailuresNotice() {
  const failures = usePacer((s) => s.exportFailures);
  const outDir = usePacer((s) => s.detail?.outDir ?? null);
  const last = failures.at(-1);
  if (!last) return null;
  return (
    <div className="banner banner-warning" role="status" data-testid="export-failures-notice" data-count={failures.length}>
      <p>
        {formatCount(failures.length)} {failures.length === 1 ? 'article' : 'articles'} could not be written
        {outDir ? (
          <>
            {' to '}
            <PathText path={outDir} />
          </>
        ) : null}
        . They are kept with the run; export them again once the cause is fixed. Latest: {last.message}
      </p>
    </div>
  );
}
