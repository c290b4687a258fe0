import { useEffect, useState } from 'react';
import type { CommandResponse, IncidentSummary } from '../../shared/contract/index.ts';
import { INCIDENT_OUTCOME_NAMES } from '../../shared/words/index.ts';
import { useDisplayUnit, useSite } from '../site/index.ts';
import { toStationRequestError, useStation, type StationRequestError } from '../station/index.ts';
import { CustodyId } from '../ui/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { describeAuditEvent } from './auditWords.ts';
import { IdNumberCheck } from './IdNumberCheck.tsx';

type HistoryEvent = CommandResponse<'item.history'>['events'][number];

/** Who did it, in words: the station names the operator behind each event (any role may read it). */
function actorWords(event: HistoryEvent): string {
  if (event.actorName !== null) return event.actorName;
  if (event.actor === 'station') return 'the station';
  if (event.actor.startsWith('device:')) return `device ${event.actor.slice('device:'.length)}`;
  return 'an operator no longer on record';
}

/** Whether the item's last hand-over was at the counter with an ID document number recorded (a hash, or the number itself before). */
function handedOverWithIdNumber(events: readonly HistoryEvent[]): boolean {
  const delivered = events.findLast((event) => event.kind === 'item.delivered');
  const proof = (delivered?.payload as { receivedBy?: { kind?: unknown; idNumberHmac?: unknown; idNumber?: unknown } } | undefined)?.receivedBy;
  return proof?.kind === 'collection' && (typeof proof.idNumberHmac === 'string' || typeof proof.idNumber === 'string');
}

/** An item's timeline from its audit events, oldest first: what, who, when; and the way to its incident, if it has one. */
export function ItemHistory({ custodyId, onBack, onIncident }: { custodyId: string; onBack(): void; onIncident(incidentId: number): void }) {
  const station = useStation();
  const unit = useDisplayUnit();
  const { operator } = useSite();
  const mayCheckIdNumber = operator.role === 'coordinator' || operator.role === 'admin';
  const [reloads, setReloads] = useState(0);
  const [events, setEvents] = useState<HistoryEvent[] | null>(null);
  const [error, setError] = useState<StationRequestError | null>(null);
  const [incident, setIncident] = useState<IncidentSummary | null>(null);

  useEffect(() => {
    let cancelled = false;
    station.call('item.get', { custodyId }).then(
      (result) => !cancelled && setIncident(result.detail.incident),
      (caught: unknown) => !cancelled && setError(toStationRequestError(caught)),
    );
    station.call('item.history', { custodyId }).then(
      (result) => !cancelled && setEvents(result.events),
      (caught: unknown) => !cancelled && setError(toStationRequestError(caught)),
    );
    return () => {
      cancelled = true;
    };
  }, [station, custodyId, reloads]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onBack();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onBack]);

  return (
    <section className="panel history" aria-labelledby="history-title" data-testid="item-history">
      <div className="workspace-bar">
        <button type="button" className="button" onClick={onBack} data-testid="history-back" autoFocus>
          ← Back (Esc)
        </button>
        <h1 id="history-title" className="item-title">
          History of <CustodyId value={custodyId} />
        </h1>
        {incident !== null && (
          <button type="button" className="button" onClick={() => onIncident(incident.id)} data-testid="history-incident">
            Incident {incident.number}
            {incident.closedAt === null ? ' (open)' : incident.outcome !== null ? ` (closed: ${INCIDENT_OUTCOME_NAMES[incident.outcome]})` : ' (closed)'}
          </button>
        )}
      </div>
      <ErrorNotice error={error} />
      {mayCheckIdNumber && events !== null && handedOverWithIdNumber(events) && <IdNumberCheck custodyId={custodyId} onChecked={() => setReloads((n) => n + 1)} />}
      {events !== null && (
        <ol className="timeline" data-testid="timeline">
          {events.map((event) => (
            <li key={event.seq} className="timeline-entry" data-kind={event.kind} data-testid="timeline-entry">
              <time dateTime={event.at}>{formatReceivedTime(event.at)}</time>
              <span className="timeline-what">{describeAuditEvent(event, unit)}</span>
              <span className="timeline-who">— {actorWords(event)}</span>
              {event.mode !== 'live' && <span className="tag tag-mode">{event.mode.toUpperCase()}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
