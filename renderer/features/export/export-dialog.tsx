import { useEffect, useRef, useState } from 'react';
import { EXPORT_FORMATS } from '../../../shared/ipc/contract.ts';
import type { ExportFormat, ExportReport, FolderGrant } from '../../../shared/ipc/contract.ts';
import { FolderField } from '../../components/folder-field.tsx';
import { Modal } from '../../components/modal.tsx';
import { usePacer } from '../../store/store-context.tsx';
import { ExportReportView } from './export-report.tsx';

const FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  markdown: 'Markdown: one .md file per article, with front matter',
  csv: 'CSV: one row per topic',
  jsonl: 'JSONL: one JSON object per line',
};

/** Exports the open run's results to a folder; main guarantees nothing is overwritten, and the dialog says so. */
export function ExportDialog() {
  const runId = usePacer((s) => s.openRunId);
  const runName = usePacer((s) => s.detail?.name);
  const call = usePacer((s) => s.call);
  const setExportOpen = usePacer((s) => s.setExportOpen);
  const [folder, setFolder] = useState<FolderGrant | null>(null);
  const [formats, setFormats] = useState<readonly ExportFormat[]>(['markdown']);
  /** The export going, by id; null when none is. The ref is what a late answer is checked against. */
  const [busy, setBusyState] = useState<string | null>(null);
  const going = useRef<string | null>(null);
  const setBusy = (exportId: string | null) => {
    going.current = exportId;
    setBusyState(exportId);
  };
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ExportReport | null>(null);

  // The run's own output folder, else Documents/Pacer/<run name>: main picks and hands it out.
  useEffect(() => {
    if (runId === null) return;
    let current = true;
    void call('folder.default', { runId }, { quiet: true }).then((result) => {
      if (current && result.ok) setFolder((chosen) => chosen ?? result.value);
    });
    return () => {
      current = false;
    };
  }, [call, runId]);

  if (runId === null) return null;

  const submit = async () => {
    if (folder === null) return;
    const exportId = crypto.randomUUID();
    setBusy(exportId);
    setError(null);
    setReport(null);
    const result = await call('export.run', { runId, folder: folder.handle, formats: [...formats], exportId }, { quiet: true });
    // A cancelled export is over for the user at once; its late answer is not shown.
    if (going.current !== exportId) return;
    setBusy(null);
    if (result.ok) setReport(result.value);
    else setError(result.error.message);
  };
  const cancel = () => {
    if (busy === null) return;
    void call('export.cancel', { exportId: busy }, { quiet: true });
    setBusy(null);
    setError('Export cancelled. What was already written stays in the folder; exporting there again writes only what is missing.');
  };
  const close = () => {
    cancel();
    setExportOpen(false);
  };
  const toggle = (format: ExportFormat, on: boolean) => setFormats((current) => (on ? [...current, format] : current.filter((f) => f !== format)));

  return (
    <Modal title="Export results" testId="export-dialog" onClose={close}>
      <form
        className="export-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <FolderField label="Folder" value={folder} onChange={setFolder} testId="export-folder" runName={runName} />
        <fieldset>
          <legend>Formats</legend>
          {EXPORT_FORMATS.map((format) => (
            <label key={format} className="checkbox">
              <input type="checkbox" data-testid={`export-format-${format}`} checked={formats.includes(format)} onChange={(event) => toggle(format, event.target.checked)} />
              {FORMAT_LABELS[format]}
            </label>
          ))}
        </fieldset>
        <p className="field-hint" data-testid="export-no-overwrite">
          Pacer never overwrites a file: an article already in the folder is left as it is and counted as already there; a name that is taken gets a new one.
        </p>
        {error ? (
          <p className="message-error" role="alert" data-testid="export-error">
            {error}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button-primary" data-testid="export-submit" disabled={busy !== null || folder === null || formats.length === 0}>
            {busy !== null ? 'Exporting…' : 'Export'}
          </button>
          {busy !== null ? (
            <button type="button" className="button-secondary" data-testid="export-cancel" onClick={cancel}>
              Cancel export
            </button>
          ) : null}
        </div>
      </form>
      {report ? <ExportReportView report={report} /> : null}
    </Modal>
  );
}
