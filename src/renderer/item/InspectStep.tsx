import { useState, type FormEvent } from 'react';
import type { ItemDetail } from '../../shared/contract/index.ts';
import { INDICATOR_GROUPS, indicatorByCode, indicatorsInGroup, type IndicatorCode } from '../../shared/domain/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { CheckTiles, TextAreaField } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { WeightFlags } from './WeightFlags.tsx';
import type { WorkspaceStep } from './workspaceStep.ts';

interface InspectStepProps {
  detail: ItemDetail;
  ticked: ReadonlySet<IndicatorCode>;
  onTicked(ticked: Set<IndicatorCode>): void;
  onDone(detail: ItemDetail): void;
}

/**
 * The indicator checklist in its groups. Ticking is observation, not a score: any single indicator
 * (or a hunch) is enough to press SUSPECT, and no count of unticked boxes clears an item.
 */
export function InspectStep({ detail, ticked, onTicked, onDone }: InspectStepProps) {
  const station = useStation();
  const action = useAction();
  const [notes, setNotes] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    const result = await action.run(() => station.call('item.inspect', { custodyId: detail.item.custodyId, indicators: [...ticked], notes: notes.trim() }));
    if (result) onDone(result.detail);
  };

  return (
    <form className="step-form" onSubmit={submit} noValidate data-testid="inspect-step">
      <h2 className="step-title" tabIndex={-1}>Inspect the outside of the item</h2>
      <p className="lead">Tick everything you see. Do not open, shake or sniff the item. One indicator, or a hunch, is enough to press SUSPECT.
        <span className="visually-hidden"> Each group of boxes is one Tab stop: the arrow keys move between its boxes, Space ticks one.</span>
      </p>
      <WeightFlags detail={detail} />
      {INDICATOR_GROUPS.map((group) => (
        <fieldset key={group.id} className="indicator-group" data-testid={`indicator-group-${group.id}`}>
          <legend className="indicator-group-title">{group.label}</legend>
          <CheckTiles
            options={indicatorsInGroup(group.id).map((indicator) => ({ value: indicator.code, label: indicator.label, detail: indicator.description }))}
            checked={ticked}
            onChecked={onTicked}
            testIdPrefix="indicator"
          />
        </fieldset>
      ))}
      <TextAreaField label="Notes (optional)" hint="Anything else you noticed." value={notes} onValue={setNotes} testId="inspect-notes" />
      {ticked.size > 0 && (
        <div className="notice notice-warn" role="status" data-testid="indicators-ticked">
          <Icon kind="fault" />
          <p className="notice-title">
            {ticked.size === 1 ? '1 indicator ticked' : `${ticked.size} indicators ticked`}: this item must now be X-rayed, or marked SUSPECT if you are concerned.
          </p>
        </div>
      )}
      {/* The refusal stays with the button it answers, in view below the long checklist (a 1366×768 panel). */}
      <div className="step-actions">
        <ErrorNotice error={action.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary button-large" disabled={action.busy} data-testid="inspect-submit">
            {ticked.size === 0 ? 'Record inspection: no indicators' : 'Record inspection'}
          </button>
        </div>
      </div>
    </form>
  );
}

export const inspectStep = {
  id: 'inspect',
  name: 'Inspect',
  answers: ['inspect'],
  showsFirst: null,
  isDone: (detail) => detail.inspection !== null,
  skip: null,
  summary: {
    term: 'Inspection',
    says: ({ inspection }) => {
      if (inspection === null) return null;
      const seen = inspection.indicators.length === 0 ? 'No indicators' : inspection.indicators.map((code) => indicatorByCode(code)?.label ?? code).join('; ');
      return `${seen}${inspection.notes ? ` — ${inspection.notes}` : ''}`;
    },
    none: 'Not inspected',
  },
  Screen: InspectStep,
} as const satisfies WorkspaceStep;
