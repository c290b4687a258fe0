import { useState, type FormEvent } from 'react';
import type { RecordMode } from '../../shared/contract/index.ts';
import { DownloadStatus } from '../reports/index.ts';
import { useDownload } from '../reports/index.ts';
import { StationRequestError, useStation } from '../station/index.ts';
import { isIsoDate, localIsoDate, shiftIsoDate } from '../ui/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { Choice, TextField } from '../ui/index.ts';

/** The daily screening log and the audit export: files that leave the station, each one recorded. */
export function ReportsPanel({ stationMode }: { stationMode: RecordMode }) {
  return (
    <div className="records-columns">
      <DailyLogForm stationMode={stationMode} />
      <AuditExportForm />
    </div>
  );
}

function DailyLogForm({ stationMode }: { stationMode: RecordMode }) {
  const station = useStation();
  const today = localIsoDate(new Date());
  const [date, setDate] = useState(today);
  const [format, setFormat] = useState<'pdf' | 'csv'>('pdf');
  // On a demo station the live log is empty: offer the training log (live and demo, marked) first.
  const [mode, setMode] = useState<'live' | 'training'>(stationMode === 'live' ? 'live' : 'training');
  const [problem, setProblem] = useState<StationRequestError | null>(null);
  const { busy, error, file, download } = useDownload();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!isIsoDate(date)) return setProblem(new StationRequestError('INVALID_ARGUMENTS', 'Pick the day of the log.'));
    setProblem(null);
    await download(
      () => station.call('report.dailyLog', { date, format, mode }),
      (log) => ({ fileName: log.fileName, base64: log.contentBase64, mimeType: log.mimeType }),
    );
  };

  return (
    <form className="panel records-panel subform" onSubmit={submit} noValidate data-testid="daily-log-form">
      <h2>Daily screening log</h2>
      <p className="field-hint">Received, cleared, suspect and quarantined items of one day, by operator and carrier. Drills are never in it.</p>
      <TextField label="Day" type="date" max={today} value={date} onValue={setDate} testId="daily-log-date" />
      <Choice
        legend="File"
        name="daily-log-format"
        options={[
          { value: 'pdf', label: 'PDF', detail: 'To print and sign' },
          { value: 'csv', label: 'CSV', detail: 'For a spreadsheet' },
        ]}
        value={format}
        onValue={setFormat}
        testId="daily-log-format"
      />
      <Choice
        legend="Records"
        name="daily-log-mode"
        options={[
          { value: 'live', label: 'Live mail only' },
          { value: 'training', label: 'Live and demo (training)', detail: 'Demo records marked as such' },
        ]}
        value={mode}
        onValue={setMode}
        testId="daily-log-mode"
      />
      <ErrorNotice error={problem ?? error} />
      <button type="submit" className="button button-primary" disabled={busy} data-testid="daily-log-download">
        {busy ? 'Making the log…' : 'Download the daily log'}
      </button>
      <DownloadStatus file={file} testId="daily-log-status" />
    </form>
  );
}

function AuditExportForm() {
  const station = useStation();
  const today = localIsoDate(new Date());
  const [from, setFrom] = useState(shiftIsoDate(today, -6));
  const [to, setTo] = useState(today);
  const [problem, setProblem] = useState<StationRequestError | null>(null);
  const [summary, setSummary] = useState<{ events: number; headHash: string } | null>(null);
  const { busy, error, file, download } = useDownload();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!isIsoDate(from) || !isIsoDate(to)) return setProblem(new StationRequestError('INVALID_ARGUMENTS', 'Pick the first and the last day of the export.'));
    if (from > to) return setProblem(new StationRequestError('INVALID_ARGUMENTS', 'The first day must be on or before the last day.'));
    setProblem(null);
    const result = await download(
      () => station.call('audit.export', { from, to }),
      (exported) => ({ fileName: exported.fileName, base64: exported.contentBase64, mimeType: 'application/x-ndjson' }),
    );
    if (result) setSummary({ events: result.events, headHash: result.headHash });
  };

  return (
    <form className="panel records-panel subform" onSubmit={submit} noValidate data-testid="audit-export-form">
      <h2>Audit export</h2>
      <p className="field-hint">Every recorded event of the period as JSON lines with the chain head, to verify on another machine. The export itself is recorded, with your name.</p>
      <div className="field-pair">
        <TextField label="First day" type="date" max={today} value={from} onValue={setFrom} testId="audit-export-from" />
        <TextField label="Last day" type="date" max={today} value={to} onValue={setTo} testId="audit-export-to" />
      </div>
      <ErrorNotice error={problem ?? error} />
      <button type="submit" className="button button-primary" disabled={busy} data-testid="audit-export-download">
        {busy ? 'Exporting…' : 'Export the audit events'}
      </button>
      <DownloadStatus file={file} testId="audit-export-status">
        {summary !== null && (
          <p data-testid="audit-export-summary">
            {summary.events} event{summary.events === 1 ? '' : 's'}; chain head <code className="hash">{summary.headHash.slice(0, 16)}…</code>. Check it with{' '}
            <code>npm run -s cli -- verify --export {file?.fileName}</code>.
          </p>
        )}
      </DownloadStatus>
    </form>
  );
}
