import type { ReactNode } from 'react';
import { formatBytes } from './downloadFile.ts';
import type { DownloadedFile } from './useDownload.ts';
import './reports.css';

/**
 * Under a report button: the file that was saved, a link to save it again, and that the station
 * recorded it (every report and export is an audit event with the operator's name and the file's
 * SHA-256).
 */
export function DownloadStatus({ file, testId, children }: { file: DownloadedFile | null; testId: string; children?: ReactNode }) {
  return (
    <div className="download-status" role="status" data-testid={testId}>
      {file !== null && (
        <>
          <p>
            <strong>Saved</strong>{' '}
            <a href={file.url} download={file.fileName} className="download-link" data-testid={`${testId}-link`}>
              {file.fileName}
            </a>{' '}
            <span className="muted">({formatBytes(file.bytes)} — select the name to save it again)</span>
          </p>
          <p className="download-recorded" data-testid={`${testId}-recorded`}>
            ✔ Recorded in the audit trail under your name, {new Date(file.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.
          </p>
          {children}
        </>
      )}
    </div>
  );
}
