import { useDownload, type DownloadedFile } from '../reports/index.ts';
import { ErrorNotice } from '../ui/index.ts';

/** A paper the site made with the station's own builder (the console's reports, forms and logs). */
export interface ConsolePaperMade {
  fileName: string;
  contentBase64: string;
  mimeType: string;
}

/** Saves a paper the site makes: offered as a download, kept for "save again" until the next. */
export function useConsolePaper() {
  const { busy, error, file, download } = useDownload();
  const save = (make: () => Promise<ConsolePaperMade>) =>
    void download(make, (made) => ({ fileName: made.fileName, base64: made.contentBase64, mimeType: made.mimeType }));
  return { busy, error, file, save };
}

/** The paper saved, to save again; the console records nothing, and says so. */
export function ConsolePaperSaved({ file, testId }: { file: DownloadedFile | null; testId: string }) {
  if (file === null) return null;
  return (
    <p role="status" data-testid={testId}>
      <strong>Saved</strong>{' '}
      <a href={file.url} download={file.fileName} className="download-link">
        {file.fileName}
      </a>{' '}
      — made from the site’s record; not recorded at any station.
    </p>
  );
}

/**
 * One button that saves one paper of an item or incident (`testId`-make, -saved); a paper the
 * site cannot make whole is refused in words under it.
 */
export function ConsolePaperButton({ testId, label, making, make }: { testId: string; label: string; making: string; make: () => Promise<ConsolePaperMade> }) {
  const { busy, error, file, save } = useConsolePaper();
  return (
    <div data-testid={testId}>
      <button type="button" className="button button-small" disabled={busy} onClick={() => save(make)} data-testid={`${testId}-make`}>
        {busy ? making : label}
      </button>
      <ErrorNotice error={error} />
      <ConsolePaperSaved file={file} testId={`${testId}-saved`} />
    </div>
  );
}
