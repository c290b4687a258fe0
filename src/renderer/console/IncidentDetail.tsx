import { ErrorNotice, formatReceivedTime, INCIDENT_TYPE_NAMES } from '../ui/index.ts';
import { ConsoleCustodyForm } from './ConsoleCustodyForm.tsx';
import { ConsoleIncidentReport } from './ConsoleIncidentReport.tsx';
import { wordsFor } from './consoleWords.ts';
import { useConsoleQuery } from './ConsoleContext.tsx';
import { EventList } from './EventList.tsx';

/** One incident of one station: its protocol step by step (who acknowledged what), and its events. */
export function IncidentDetail({ station, number, onClose }: { station: string; number: string; onClose(): void }) {
  const query = useConsoleQuery('console.incident', { station, number });
  const detail = query.value;
  return (
    <section className="panel console-detail" aria-labelledby="console-incident-title" data-testid="console-incident">
      <div className="console-detail-head">
        <h2 id="console-incident-title">
          Incident {number} at {station}
        </h2>
        <button type="button" className="button button-small" onClick={onClose} data-testid="console-incident-close">
          Close
        </button>
      </div>
      <ErrorNotice error={query.error} />
      {detail !== null && (
        <>
          <p data-testid="console-incident-reason">
            {wordsFor(INCIDENT_TYPE_NAMES, detail.incident.type)} — item {detail.incident.custodyId ?? '—'}: {detail.incident.reason ?? 'no reason recorded'}
          </p>
          <div className="console-papers">
            <ConsoleIncidentReport station={station} number={number} />
            {detail.incident.custodyId !== null && <ConsoleCustodyForm station={station} custodyId={detail.incident.custodyId} />}
          </div>
          <div className="console-detail-body">
            <div className="console-steps-region" role="region" aria-label={`Protocol steps of incident ${number}`} tabIndex={0}>
              <ol className="console-steps" data-testid="console-incident-steps">
                {detail.steps.map((step) => (
                  <li key={step.stepId} data-testid="console-step" data-done={step.acknowledgedBy !== null}>
                    <span className={step.acknowledgedBy !== null ? 'tag' : 'tag tag-alert'}>{step.acknowledgedBy !== null ? '✓ Done' : 'Waiting'}</span> {step.title}
                    {step.acknowledgedBy !== null && (
                      <span className="console-sub">
                        {' '}
                        by {step.acknowledgedBy}
                        {step.secondBy !== null && ` and ${step.secondBy}`}
                        {step.at !== null && `, ${formatReceivedTime(step.at)}`}
                        {step.note !== null && ` — ${step.note}`}
                        {step.couldNotBecause !== null && ` (no record: ${step.couldNotBecause})`}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            </div>
            <EventList events={detail.events} label={`Events of incident ${number}`} />
          </div>
        </>
      )}
    </section>
  );
}
