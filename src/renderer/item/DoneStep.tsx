import type { ItemDetail } from '../../shared/contract/index.ts';
import { ITEM_STATE_NAMES } from '../ui/index.ts';
import { ScreeningSummary } from './ScreeningSummary.tsx';

/** An item whose record is closed (delivered, returned, handed over…): what happened, and the way back. */
export function DoneStep({ detail, onBack, onHistory, onIncident }: { detail: ItemDetail; onBack(): void; onHistory(): void; onIncident(incidentId: number): void }) {
  const disposition = detail.disposition as { outcome?: string; receivedBy?: { name?: string | null; badge?: string }; reason?: string } | null;
  const to = disposition?.receivedBy?.name ?? disposition?.receivedBy?.badge ?? null;
  return (
    <div className="step-form" data-testid="done-step">
      <h2 className="step-title" tabIndex={-1}>
        {ITEM_STATE_NAMES[detail.item.state]}
        {to !== null && ` to ${to}`}
        {disposition?.reason !== undefined && ` — ${disposition.reason}`}
      </h2>
      <p className="lead">This item’s record is closed. Corrections go through the coordinator as a new record.</p>
      <ScreeningSummary detail={detail} />
      <div className="form-actions">
        <button type="button" className="button button-primary button-large" onClick={onBack} data-testid="done-back">
          Next item
        </button>
        <button type="button" className="button" onClick={onHistory}>
          Show the history
        </button>
        {detail.incident !== null && (
          <button type="button" className="button" onClick={() => onIncident(detail.incident!.id)} data-testid="done-incident">
            Incident {detail.incident.number}
          </button>
        )}
      </div>
    </div>
  );
}
