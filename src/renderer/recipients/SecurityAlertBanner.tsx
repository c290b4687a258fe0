import { useEffect, useState } from 'react';
import { useAction, useStationQuery } from '../hooks/index.ts';
import { useStationEvent } from '../station/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice, INCIDENT_TYPE_NAMES, formatReceivedTime } from '../ui/index.ts';
import type { IncidentType } from '../../shared/contract/index.ts';
import './recipients.css';

/** Another screen of the same coordinator may have acknowledged an alert: looked at again this often. */
const RECHECK_MS = 30_000;

const typeName = (type: string) => (Object.hasOwn(INCIDENT_TYPE_NAMES, type) ? INCIDENT_TYPE_NAMES[type as IncidentType] : type);

/**
 * A suspect item's alert on the security coordinator's screen: one line per open incident they
 * have not acknowledged, over every screen, until they press Acknowledge (recorded as theirs). A new
 * suspect item (its incident opening) shows at once; the list is read again on every incident change.
 */
export function SecurityAlertBanner({ onOpen }: { onOpen(incidentId: number): void }) {
  const station = useStation();
  const acknowledge = useAction();
  const [changes, setChanges] = useState(0);
  useStationEvent('incident.changed', () => setChanges((n) => n + 1));
  useEffect(() => {
    const timer = window.setInterval(() => setChanges((n) => n + 1), RECHECK_MS);
    return () => window.clearInterval(timer);
  }, []);
  const list = useStationQuery('notices.securityAlerts', {}, changes);
  const alerts = list.value?.alerts ?? [];
  if (alerts.length === 0 && acknowledge.error === null) return null;

  const seen = async (incidentId: number) => {
    if (acknowledge.busy) return;
    const done = await acknowledge.run(() => station.call('notices.acknowledgeAlert', { incidentId }));
    if (done) await list.reload();
  };

  return (
    <section className="security-alerts-area" aria-label="Security alerts" data-testid="security-alerts">
      <ErrorNotice error={acknowledge.error} />
      {/* The live region around the list, not on it: a list with another role is no list (its items orphaned). */}
      <div role="alert">
        <ul className="security-alerts">
        {alerts.map((alert) => (
          <li key={alert.incidentId} className="security-alert" data-testid="security-alert" data-incident-id={alert.incidentId} data-custody-id={alert.custodyId}>
            <span>
              Suspect item {alert.custodyId}
              {alert.mode === 'live' ? '' : ` (${alert.mode})`}: incident {alert.incidentNumber}, {typeName(alert.incidentType)}, opened {formatReceivedTime(alert.openedAt)}.
            </span>
            <span className="form-actions">
              <button type="button" className="button" onClick={() => onOpen(alert.incidentId)} data-testid="security-alert-open">
                Open incident
              </button>
              <button type="button" className="button button-primary" disabled={acknowledge.busy} onClick={() => void seen(alert.incidentId)} data-testid="security-alert-acknowledge">
                Acknowledge
              </button>
            </span>
          </li>
        ))}
        </ul>
      </div>
    </section>
  );
}
