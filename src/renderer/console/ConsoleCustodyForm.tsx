import { useDownload } from '../reports/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { useConsole } from './ConsoleContext.tsx';

/**
 * Saves an item's chain-of-custody form made from the site's record by the station's own form
 * builder. The console records nothing: the paper is in no station's audit trail. A form the site
 * cannot make whole (a counter hand-over's signature is kept at the station) is refused in words.
 */
export function ConsoleCustodyForm({ station, custodyId }: { station: string; custodyId: string }) {
  const client = useConsole();
  const { busy, error, file, download } = useDownload();
  const save = () =>
    void download(
      () => client.call('console.custodyForm', { station, custodyId }),
      (made) => ({ fileName: made.fileName, base64: made.contentBase64, mimeType: made.mimeType }),
    );
  return (
    <div data-testid="console-custody-form">
      <button type="button" className="button button-small" disabled={busy} onClick={save} data-testid="console-custody-form-make">
        {busy ? 'Making the custody form…' : 'Save the custody form'}
      </button>
      <ErrorNotice error={error} />
      {file !== null && (
        <p role="status" data-testid="console-custody-form-saved">
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
