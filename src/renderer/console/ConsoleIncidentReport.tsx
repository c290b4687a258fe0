import { useDownload } from '../reports/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { useConsole } from './ConsoleContext.tsx';

/**
 * Saves an incident's report made from the site's record by the station's own report builder,
 * with the SOP the station published. The console records nothing: the paper is in no station's
 * audit trail. A report the site cannot make whole (its SOP not at the site) is refused in words.
 */
export function ConsoleIncidentReport({ station, number }: { station: string; number: string }) {
  const client = useConsole();
  const { busy, error, file, download } = useDownload();
  const save = () =>
    void download(
      () => client.call('console.incidentReport', { station, number }),
      (made) => ({ fileName: made.fileName, base64: made.contentBase64, mimeType: made.mimeType }),
    );
  return (
    <div data-testid="console-incident-report">
      <button type="button" className="button button-small" disabled={busy} onClick={save} data-testid="console-incident-report-make">
        {busy ? 'Making the incident report…' : 'Save the incident report'}
      </button>
      <ErrorNotice error={error} />
      {file !== null && (
        <p role="status" data-testid="console-incident-report-saved">
          <strong>Saved</strong>{' '}
          <a href={file.url} download={file.fileName} className="download-link">
            {file.fileName}
          </a>{' '}
          — made from the site’s record; not recorded at any station.
        </p>
      )}
    </div>
  );
}
