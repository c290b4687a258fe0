import { useEffect, useRef, useState } from 'react';
import type { ItemDetail } from '../../shared/contract/index.ts';
import type { IndicatorCode } from '../../shared/domain/index.ts';
import { carrierName } from '../ui/index.ts';
import { CustodyId } from '../ui/index.ts';
import { ReportButton } from '../reports/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { ITEM_TYPE_NAMES } from '../ui/index.ts';
import { formatWeight } from '../ui/index.ts';
import { useDisplayUnit } from '../site/index.ts';
import { ALERT_STATES, ITEM_STATE_NAMES } from '../ui/index.ts';
import { DetailsStep } from './DetailsStep.tsx';
import { DoneStep } from './DoneStep.tsx';
import { ScreeningSummary } from './ScreeningSummary.tsx';
import { StepRail } from './StepRail.tsx';
import { allows, currentStep } from './steps.ts';
import { SuspectPanel } from './SuspectPanel.tsx';
import { useItemDetail } from './useItemDetail.ts';
import { useLegalHold } from './useLegalHold.ts';
import { VoidItemForm } from './VoidItemForm.tsx';
import { WORKSPACE_STEP } from './workspaceSteps.ts';

/** Opens the SUSPECT panel from anywhere in the item workspace; shown on the button. */
const SUSPECT_KEY = 'F2';

interface ItemWorkspaceProps {
  custodyId: string;
  /** Said once on arrival: whether the scan made a new item or brought up an open one. */
  arrival: string | null;
  refreshKey: number;
  onBack(): void;
  onHistory(): void;
  onIncident(incidentId: number): void;
}

/**
 * One item, one step at a time, in the order the station's `nextSteps` says. The SUSPECT button is
 * always in the same place until the item is cleared; an item with an open incident goes straight
 * to incident mode.
 */
export function ItemWorkspace({ custodyId, arrival, refreshKey, onBack, onHistory, onIncident }: ItemWorkspaceProps) {
  const { detail, setDetail, loadError } = useItemDetail(custodyId, refreshKey);
  const [suspecting, setSuspecting] = useState(false);
  const [editingDetails, setEditingDetails] = useState(false);
  const [voiding, setVoiding] = useState(false);
  const [ticked, setTicked] = useState<Set<IndicatorCode>>(new Set());
  const stepRef = useRef<HTMLDivElement>(null);
  const suspectRef = useRef<HTMLButtonElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const voidRef = useRef<HTMLButtonElement>(null);
  const unit = useDisplayUnit();
  // The arrival note says how the item came up; once the item moves on a step it is old news and
  // gives its room back to the work.
  const [arrivalSeen, setArrivalSeen] = useState<{ text: string; state: string } | null>(null);
  if (arrival !== null && detail !== null && arrivalSeen?.text !== arrival) setArrivalSeen({ text: arrival, state: detail.item.state });
  const step = detail ? currentStep(detail) : null;
  const hold = useLegalHold(custodyId, detail?.incident?.id ?? null, refreshKey);

  useEffect(() => {
    const incident = detail?.incident;
    if (incident && incident.closedAt === null) onIncident(incident.id);
  }, [detail, onIncident]);

  // Each new step starts with its own heading focused, so keyboard and screen-reader users are there.
  useEffect(() => {
    stepRef.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [step]);

  // The SUSPECT panel and the details form take the step's place: the focus goes to what comes up,
  // and back to the button that opened it when it closes (Cancel, Escape), never to the page.
  const shown = suspecting ? 'suspect' : voiding ? 'void' : editingDetails ? 'details' : 'step';
  const lastShown = useRef(shown);
  useEffect(() => {
    const before = lastShown.current;
    lastShown.current = shown;
    if (before === shown) return;
    const heading = () => stepRef.current?.querySelector<HTMLElement>('h2') ?? null;
    if (shown === 'details') heading()?.focus();
    else if (shown === 'step') (before === 'suspect' ? suspectRef.current : before === 'void' ? (voidRef.current ?? heading()) : (editRef.current ?? heading()))?.focus();
  }, [shown]);

  // SUSPECT from anywhere in the workspace, a text field included (F2 types nothing, and neither the
  // browser nor the kiosk lockdown uses it): the panel opens with its heading focused.
  const suspectAllowed = detail !== null && allows(detail, 'markSuspect');
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key === 'Escape' && !suspecting && !voiding) onBack();
      if (event.key === SUSPECT_KEY && !event.repeat && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && suspectAllowed) {
        event.preventDefault();
        setSuspecting(true);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onBack, suspecting, voiding, suspectAllowed]);

  const done = (next: ItemDetail) => {
    setDetail(next);
    setEditingDetails(false);
    setVoiding(false);
  };

  if (detail === null) {
    return (
      <section className="item-workspace" data-testid="item-workspace" data-custody-id={custodyId} aria-busy={loadError === null}>
        <div className="workspace-bar">
          <button type="button" className="button" onClick={onBack} data-testid="back-to-intake">
            ← Intake (Esc)
          </button>
        </div>
        <ErrorNotice error={loadError} />
        {loadError === null && <p className="lead">Loading {custodyId}…</p>}
      </section>
    );
  }

  const { item } = detail;
  const weight = detail.weights.at(-1);
  const canSuspect = allows(detail, 'markSuspect');
  // The form changes the type too, so it is offered while the type may still change.
  const detailsEditable = allows(detail, 'changeItemType');
  const voidable = allows(detail, 'void');

  return (
    <section className={item.mode === 'drill' ? 'item-workspace drill' : 'item-workspace'} aria-labelledby="item-title" data-testid="item-workspace" data-custody-id={item.custodyId} data-state={item.state}>
      <div className="workspace-bar">
        <button type="button" className="button" onClick={onBack} data-testid="back-to-intake">
          ← Intake (Esc)
        </button>
        <div className="item-heading">
          <h1 id="item-title" className="item-title">
            <span className="visually-hidden">Item </span>
            <CustodyId value={item.custodyId} testId="workspace-custody-id" />
          </h1>
          <p className="item-sub">
            <span className={ALERT_STATES.has(item.state) ? 'tag tag-alert' : 'tag'} data-testid="workspace-state">
              {ITEM_STATE_NAMES[item.state]}
            </span>
            {item.mode === 'drill' && <span className="tag tag-mode">DRILL</span>}
            {hold !== null && (
              <span className="tag tag-hold" title={`Legal hold: ${hold.reason}`} data-testid="workspace-hold">
                ⚖ HOLD<span className="visually-hidden"> (legal hold: {hold.reason})</span>
              </span>
            )}
            <span>{carrierName(item.carrier)}</span>
            <span className="tracking-inline">{item.trackingNumber ?? item.scannedCode}</span>
          </p>
        </div>
        {canSuspect && (
          <button type="button" className="button button-danger button-suspect" ref={suspectRef} onClick={() => setSuspecting(true)} aria-expanded={suspecting} aria-keyshortcuts={SUSPECT_KEY} data-testid="suspect-button">
            ⚠ SUSPECT <kbd className="button-key">{SUSPECT_KEY}</kbd>
          </button>
        )}
      </div>
      {/* Voiding is about how the item arrived: the note gives its room to the form (a 768-pixel panel). */}
      {arrival !== null && arrivalSeen?.text === arrival && arrivalSeen.state === item.state && !voiding && (
        <p className="arrival" role="status" data-testid="item-arrival">
          {arrival}
        </p>
      )}
      <div className="workspace-grid">
        <aside className="workspace-side">
          <StepRail detail={detail} />
          <dl className="item-facts" data-testid="item-facts">
            <div>
              <dt>Type</dt>
              <dd>{item.itemType ? ITEM_TYPE_NAMES[item.itemType] : 'not set'}</dd>
            </div>
            <div>
              <dt>To</dt>
              <dd>{detail.recipient ?? '—'}</dd>
            </div>
            <div>
              <dt>From</dt>
              <dd>{detail.sender ?? '—'}</dd>
            </div>
            {weight !== undefined && (
              <div>
                <dt>Weight</dt>
                <dd data-testid="item-weight">
                  {formatWeight(weight.grams, unit)} {weight.source === 'manual' ? '(typed)' : '(scale)'}
                </dd>
              </div>
            )}
            {detail.dimensions && (
              <div>
                <dt>Size</dt>
                <dd>
                  {detail.dimensions.lengthMm} × {detail.dimensions.widthMm} × {detail.dimensions.thicknessMm} mm
                </dd>
              </div>
            )}
          </dl>
          {detailsEditable && item.itemType !== null && !editingDetails && (
            <button type="button" className="button button-small" ref={editRef} onClick={() => setEditingDetails(true)} data-testid="edit-details">
              Change details
            </button>
          )}
          {/* Second-rank actions sit with the item's facts, leaving the top row to SUSPECT. */}
          <button type="button" className="button button-small" onClick={onHistory} data-testid="open-history">
            History
          </button>
          <ReportButton paper={{ kind: 'custodyForm', custodyId: item.custodyId }} className="button button-small" testId="custody-form" />
          {voidable && !voiding && (
            <button type="button" className="button button-small" ref={voidRef} onClick={() => setVoiding(true)} data-testid="void-open">
              Void this item…
            </button>
          )}
        </aside>
        <div className="workspace-step panel" ref={stepRef}>
          {suspecting ? (
            <SuspectPanel detail={detail} ticked={ticked} onCancel={() => setSuspecting(false)} onIncident={(incident) => onIncident(incident.id)} />
          ) : voiding && voidable ? (
            <VoidItemForm detail={detail} onDone={done} onCancel={() => setVoiding(false)} />
          ) : editingDetails ? (
            <DetailsStep detail={detail} onDone={done} onCancel={() => setEditingDetails(false)} />
          ) : (
            renderStep(detail)
          )}
        </div>
      </div>
    </section>
  );

  function renderStep(current: ItemDetail) {
    const shownStep = currentStep(current);
    // An item in an incident is shown by the incident screen (the effect above goes there).
    if (shownStep === 'incident' || shownStep === 'done') return <DoneStep detail={current} onBack={onBack} onHistory={onHistory} onIncident={onIncident} />;
    const { Screen } = WORKSPACE_STEP[shownStep];
    return <Screen detail={current} onDone={done} ticked={ticked} onTicked={setTicked} screeningSummary={<ScreeningSummary detail={current} />} />;
  }
}
