import { useState, type FormEvent } from 'react';
import { ErrorNotice, localIsoDate } from '../ui/index.ts';
import { useConsole, useConsoleQuery } from './ConsoleContext.tsx';
import { ConsolePaperSaved, useConsolePaper } from './ConsolePaper.tsx';
import { ALL_STATIONS, ConsoleStationSelect } from './ConsoleStationSelect.tsx';

const WHOLE_SITE = ALL_STATIONS;

/**
 * The daily screening log from the site's record: one station's (PDF or CSV), or the whole site's
 * (one CSV, each row naming its station). The station's own log builder makes it; the console
 * records nothing, so the file is not in any station's audit trail.
 */
export function SiteReportsScreen() {
  const client = useConsole();
  const stations = useConsoleQuery('console.stations', {}, 0);
  const { busy, error, file, save } = useConsolePaper();
  const [date, setDate] = useState(() => localIsoDate(new Date()));
  const [station, setStation] = useState(WHOLE_SITE);
  const [format, setFormat] = useState<'pdf' | 'csv'>('pdf');
  const [training, setTraining] = useState(false);
  const wholeSite = station === WHOLE_SITE;
  const chosenFormat = wholeSite ? 'csv' : format;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save(() => client.call('console.dailyLog', { date, format: chosenFormat, ...(wholeSite ? {} : { station }), ...(training ? { mode: 'training' as const } : {}) }));
  };

  return (
    <section className="console-screen" aria-labelledby="console-reports-title" data-testid="console-reports">
      <h1 id="console-reports-title">Daily log</h1>
      <form className="panel console-report-form" onSubmit={submit} noValidate>
        <div className="console-report-fields">
          <label>
            <span className="field-label">Date</span>
            <input type="date" className="text-input" value={date} required onChange={(e) => setDate(e.target.value)} data-testid="console-report-date" />
          </label>
          <label>
            <span className="field-label">Station</span>
            <ConsoleStationSelect value={station} onChange={setStation} stations={stations.value?.stations} allLabel="The whole site (CSV)" testId="console-report-station" />
          </label>
          <label>
            <span className="field-label">Format</span>
            <select className="text-input" value={chosenFormat} disabled={wholeSite} onChange={(e) => setFormat(e.target.value === 'csv' ? 'csv' : 'pdf')} data-testid="console-report-format">
              <option value="pdf">PDF</option>
              <option value="csv">CSV (spreadsheet)</option>
            </select>
          </label>
          <label className="console-filter">
            <input type="checkbox" checked={training} onChange={(e) => setTraining(e.target.checked)} data-testid="console-report-training" /> Training log (with demo records)
          </label>
        </div>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="console-report-make">
          {busy ? 'Making the log…' : 'Save the daily log'}
        </button>
      </form>
      <ErrorNotice error={error ?? stations.error} />
      <ConsolePaperSaved file={file} testId="console-report-saved" />
    </section>
  );
}
