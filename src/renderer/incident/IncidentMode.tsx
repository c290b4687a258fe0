import { useEffect, useRef, useState } from 'react';
import type { IncidentSummary } from '../../shared/contract/index.ts';
import { formatElapsed, useNow } from '../hooks/index.ts';
import { ReportButton } from '../reports/index.ts';
import { useSite } from '../site/index.ts';
import { useStation, useStationEvent } from '../station/index.ts';
import { CustodyId } from '../ui/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { INCIDENT_OUTCOME_NAMES, INCIDENT_TYPE_NAMES } from '../ui/index.ts';
import { ClosePanel } from './ClosePanel.tsx';
import { CustodyPanel } from './CustodyPanel.tsx';
import { NotificationLog } from './RecordForms.tsx';
import { StepCard } from './StepCard.tsx';
import { StepList } from './StepList.tsx';
import { useIncident } from './useIncident.ts';

type Section = 'protocol' | 'custody' | 'close';
const SECTION_NAMES: Readonly<Record<Section, string>> = { protocol: 'Protocol', custody: 'Custody', close: 'Outcome & close' };

interface IncidentModeProps {
  incidentId: number;
  refreshKey: number;
  /** Only offered once the incident is closed: nothing else leads out of incident mode. */
  onExit(): void;
  onSwitch(incidentId: number): void;
  /**
   * To the collection counter while the incident stays open: handing over mail already cleared is
   * not taking new mail in, and a counter clerk who logs in at a station in incident mode must
   * still reach it.
   */
  onCounter(): void;
}

/**
 * Full screen, high contrast, one protocol step at a time with the elapsed time always visible.
 * There is no navigation away while the incident is open; a coordinator may switch between open
 * incidents.
 */
export function IncidentMode({ incidentId, refreshKey, onExit, onSwitch, onCounter }: IncidentModeProps) {
  const station = useStation();
  const { operator } = useSite();
  const { incident, setIncident, loadError } = useIncident(incidentId, refreshKey);
  const [selected, setSelected] = useState<string | null>(null);
  const [picks, setPicks] = useState(0);
  const pickStep = (id: string) => {
    setSelected(id);
    setPicks((count) => count + 1);
  };
  const [section, setSection] = useState<Section>('protocol');
  const [openIncidents, setOpenIncidents] = useState<IncidentSummary[]>([]);
  const now = useNow(1000);
  const completeRef = useRef<HTMLHeadingElement>(null);
  const sectionRefs = useRef(new Map<Section, HTMLButtonElement>());
  /** A section opened by a button that leaves with it ("Go to outcome and closing"): its tab takes the focus. */
  const goToSection = (next: Section) => {
    setSection(next);
    requestAnimationFrame(() => sectionRefs.current.get(next)?.focus());
  };

  useEffect(() => {
    if (operator.role !== 'coordinator') return;
    station.call('incident.list', { includeClosed: false }).then(
      ({ incidents }) => setOpenIncidents(incidents),
      (error: unknown) => console.warn('Open incidents not listed', error),
    );
  }, [station, operator.role, incidentId]);
  useStationEvent('incident.changed', ({ incident: changed }) => {
    if (operator.role !== 'coordinator') return;
    setOpenIncidents((list) => [changed, ...list.filter((known) => known.id !== changed.id)].filter((known) => known.closedAt === null));
  });

  // After each acknowledgement the next open step comes up by itself.
  const firstOpen = incident?.steps.find((step) => step.acknowledgedAt === null)?.id ?? null;
  useEffect(() => setSelected(firstOpen), [firstOpen]);
  // The last acknowledgement removes the step card (and its focused button): the summary takes the focus.
  const protocolDone = incident !== null && incident.closedAt === null && firstOpen === null && section === 'protocol';
  // (The summary shows a render later, once the selection has followed firstOpen to null.)
  useEffect(() => {
    if (protocolDone && selected === null) completeRef.current?.focus();
  }, [protocolDone, selected]);

  if (incident === null) {
    return (
      <section className="incident-mode" data-testid="incident-mode" aria-busy={loadError === null}>
        <ErrorNotice error={loadError} />
      </section>
    );
  }

  const drill = incident.mode === 'drill';
  const closed = incident.closedAt !== null;
  const elapsed = ((closed ? Date.parse(incident.closedAt!) : now) - Date.parse(incident.openedAt)) / 1000;
  const index = incident.steps.findIndex((step) => step.id === selected);
  const step = index >= 0 ? incident.steps[index]! : null;
  const lastAck = incident.steps
    .map((s) => s.acknowledgedAt)
    .filter((at): at is string => at !== null)
    .sort()
    .at(-1);
  const stepSeconds = (now - Date.parse(lastAck ?? incident.openedAt)) / 1000;

  return (
    <section className={drill ? 'incident-mode incident-drill' : 'incident-mode'} aria-labelledby="incident-title" data-testid="incident-mode" data-incident-id={incident.id} data-closed={closed ? 'true' : 'false'} data-mode={incident.mode}>
      {drill && (
        <p className="drill-banner" data-testid="drill-banner">
          DRILL — exercise only, not a real incident. Records are kept apart.
        </p>
      )}
      <header className="incident-head">
        <div>
          <p className="incident-kicker">
            {closed ? 'Incident closed' : 'INCIDENT'} {incident.number}
          </p>
          <h1 id="incident-title" className="incident-title">
            {INCIDENT_TYPE_NAMES[incident.type]}
          </h1>
          <p className="incident-sub">
            Item <CustodyId value={incident.custodyId} /> · {incident.protocolTitle} (version {incident.protocolVersion})
          </p>
          {operator.role !== 'screener' && <ReportButton paper={{ kind: 'incident', incidentId: incident.id }} className="button button-light button-small" testId="incident-report" />}
        </div>
        <div className="incident-clock" role="timer" aria-label="Time since the incident opened" data-testid="incident-elapsed">
          <span className="clock-label">{closed ? 'Lasted' : 'Elapsed'}</span>
          <span className="clock-value">{formatElapsed(elapsed)}</span>
          <span className="clock-label">
            {incident.stepsDone} of {incident.stepsTotal} steps
          </span>
        </div>
      </header>
      {incident.evacuationDistanceMeters !== null && !closed && (
        <p className="incident-standoff" data-testid="incident-standoff">
          Keep everyone at least {incident.evacuationDistanceMeters} m away
          {incident.noRadioWithinMeters !== null && ` · no radios or mobile phones within ${incident.noRadioWithinMeters} m`}
        </p>
      )}
      {!closed && (
        <p className="incident-counter">
          <button type="button" className="button button-light button-small" onClick={onCounter} data-testid="incident-to-collection">
            Collection counter (the incident stays open)
          </button>
        </p>
      )}
      {operator.role === 'coordinator' && openIncidents.filter((known) => known.id !== incident.id).length > 0 && (
        <label className="incident-switch">
          <span>Other open incidents</span>
          <select className="select" value={incident.id} onChange={(event) => onSwitch(Number(event.target.value))} data-testid="incident-switch">
            {[incident, ...openIncidents.filter((known) => known.id !== incident.id)].map((known) => (
              <option key={known.id} value={known.id}>
                {known.number} — {INCIDENT_TYPE_NAMES[known.type]}
              </option>
            ))}
          </select>
        </label>
      )}

      {closed ? (
        <div className="incident-closed" data-testid="incident-closed">
          <h2>
            Closed{incident.outcome !== null && `: ${INCIDENT_OUTCOME_NAMES[incident.outcome]}`}
          </h2>
          <p>The record is complete and signed by two people.</p>
          <button type="button" className="button button-light button-large" onClick={onExit} data-testid="incident-exit" autoFocus>
            Back to intake
          </button>
        </div>
      ) : (
        <>
          <nav className="incident-sections" aria-label="Incident sections">
            {(Object.keys(SECTION_NAMES) as Section[]).map((key) => (
              <button
                key={key}
                type="button"
                ref={(button) => {
                  if (button) sectionRefs.current.set(key, button);
                  else sectionRefs.current.delete(key);
                }}
                className={section === key ? 'section-tab section-active' : 'section-tab'} aria-pressed={section === key} onClick={() => setSection(key)} data-testid={`incident-section-${key}`}>
                {SECTION_NAMES[key]}
              </button>
            ))}
            {/* The header's timer says this to a screen reader already; this copy is for the eye. */}
            <span className="incident-sections-clock" aria-hidden="true" data-testid="incident-sections-clock">
              {drill && <span className="drill-mark">DRILL</span>}
              {formatElapsed(elapsed)} · {incident.stepsDone}/{incident.stepsTotal}
            </span>
          </nav>
          {section === 'protocol' && (
            <div className="incident-body">
              <StepList steps={incident.steps} selectedId={selected} drill={drill} onSelect={pickStep} />
              <div className="incident-main">
                {step ? (
                  <StepCard incident={incident} step={step} index={index} stepSeconds={stepSeconds} drill={drill} focusKey={picks} onSaved={setIncident} />
                ) : (
                  <div className="step-card" data-testid="protocol-complete">
                    <h2 className="step-card-title" ref={completeRef} tabIndex={-1}>
                      Every protocol step is acknowledged
                    </h2>
                    <p className="step-instructions">Record custody (hand-over, release or destruction), then the outcome, and close the incident with a second person.</p>
                    <button type="button" className="button button-ack" onClick={() => goToSection('close')} data-testid="go-to-close">
                      Go to outcome and closing
                    </button>
                  </div>
                )}
              </div>
            </div>
          )}
          {section === 'custody' && (
            <div className="incident-main incident-wide">
              <CustodyPanel incident={incident} />
              <section className="record-block">
                <h3>Notifications log</h3>
                <NotificationLog incident={incident} />
              </section>
            </div>
          )}
          {section === 'close' && (
            <div className="incident-main incident-wide">
              <ClosePanel incident={incident} onSaved={setIncident} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
