import { inspectContract, readAuditEvent, StationFailure, type InspectionRecord, type Operator } from '../../../shared/contract/index.ts';
import { indicatorByCode } from '../../../shared/domain/index.ts';
import { operatorOf } from '../../commands/index.ts';
import { answer, screeningStep, type StepContext } from './screeningStep.ts';

/** Records the inspection: the indicators ticked (known codes, each once) and the notes. */
function inspect(ctx: StepContext, custodyId: string, operator: Operator, indicators: string[], notes: string): void {
  const unknown = indicators.filter((code) => !indicatorByCode(code));
  if (unknown.length > 0) throw new StationFailure('INVALID_ARGUMENTS', `Unknown indicator code(s): ${unknown.join(', ')}. Update the screen.`);
  const unique = [...new Set(indicators)];
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'inspect' },
    kind: 'item.inspected',
    payload: () => ({ indicators: unique, notes }),
    write: () => ctx.records.inspections.add(custodyId, { indicators: unique, notes, operatorId: operator.id, at: ctx.nowIso() }),
  });
}

/**
 * The item's inspection: the latest `item.inspected`, or else the indicators ticked on the SUSPECT
 * form when the item became suspect before its inspection was recorded. Those are kept only by the
 * `item.markedSuspect` event (the inspections table is a projection of `item.inspected`), so without
 * this the item page said "Not inspected" and the incident report "None recorded" for indicators
 * that are in the audit log.
 */
function inspectionOf(ctx: StepContext, custodyId: string, hasIncident: boolean): InspectionRecord | null {
  const recorded = ctx.records.inspections.latest(custodyId);
  if (recorded !== null || !hasIncident) return recorded;
  for (const stored of ctx.store.audit.eventsFor('item', custodyId).reverse()) {
    if (stored.kind !== 'item.markedSuspect') continue;
    const reading = readAuditEvent(stored);
    if (!reading.ok || reading.event.kind !== 'item.markedSuspect') return null;
    const indicators = reading.event.payload.indicators ?? [];
    if (indicators.length === 0) return null;
    const reason = reading.event.payload.reason ?? '';
    return {
      indicators,
      notes: reason === '' ? 'Ticked when the item was marked suspect' : `Ticked when the item was marked suspect: ${reason}`,
      operatorId: stored.actor.startsWith('operator:') ? stored.actor.slice('operator:'.length) : stored.actor,
      at: stored.at,
    };
  }
  return null;
}

export const inspectStep = screeningStep(inspectContract, {
  facts: (ctx, item) => {
    const inspection = ctx.records.inspections.latest(item.custodyId);
    return { inspected: inspection !== null, indicatorCount: inspection?.indicators.length ?? 0 };
  },
  detail: (ctx, item, extras) => ({ inspection: inspectionOf(ctx, item.custodyId, extras.incidentId !== null) }),
  report: (detail) => [
    ['Indicators ticked', detail?.inspection?.indicators.length ? detail.inspection.indicators.map((code) => indicatorByCode(code)?.label ?? code).join('; ') : 'None recorded'],
  ],
  handlers: (ports) => ({
    'item.inspect': ({ custodyId, indicators, notes }, { session }) => {
      const id = ports.workOn(custodyId);
      inspect(ports.ctx, id, operatorOf(session), indicators, notes);
      return answer(ports, id);
    },
  }),
});
