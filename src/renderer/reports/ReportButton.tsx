import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { DownloadStatus } from './DownloadStatus.tsx';
import { useDownload } from './useDownload.ts';

type Paper = { kind: 'custodyForm'; custodyId: string } | { kind: 'incident'; incidentId: number };

const WORDS: Readonly<Record<Paper['kind'], { idle: string; busy: string }>> = {
  custodyForm: { idle: 'Chain-of-custody form (PDF)', busy: 'Making the custody form…' },
  incident: { idle: 'Incident report (PDF)', busy: 'Making the incident report…' },
};

/** The paper that goes with an item or an incident: made by the station, saved as a PDF. */
export function ReportButton({ paper, className = 'button', testId }: { paper: Paper; className?: string; testId: string }) {
  const station = useStation();
  const { busy, error, file, download } = useDownload();
  const make = () =>
    paper.kind === 'custodyForm'
      ? download(
          () => station.call('report.custodyForm', { custodyId: paper.custodyId }),
          (pdf) => ({ fileName: pdf.fileName, base64: pdf.pdfBase64, mimeType: 'application/pdf' }),
        )
      : download(
          () => station.call('report.incident', { incidentId: paper.incidentId }),
          (pdf) => ({ fileName: pdf.fileName, base64: pdf.pdfBase64, mimeType: 'application/pdf' }),
        );
  return (
    <div className="report-button" data-testid={`${testId}-block`}>
      <button type="button" className={className} disabled={busy} onClick={() => void make()} data-testid={testId}>
        {busy ? WORDS[paper.kind].busy : WORDS[paper.kind].idle}
      </button>
      <ErrorNotice error={error} />
      <DownloadStatus file={file} testId={`${testId}-status`} />
    </div>
  );
}
