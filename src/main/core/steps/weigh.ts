import { StationFailure, weighContract, type Operator } from '../../../shared/contract/index.ts';
import { operatorOf } from '../../commands/index.ts';
import { weightFlags } from '../../workflow/index.ts';
import { captureRefusal } from '../scaleReadings.ts';
import { skipped } from './skip.ts';
import { answer, screeningStep, type StepContext, type StepPorts } from './screeningStep.ts';

// A reading older than this is not "the scale's current reading": the item may have been lifted.
const READING_MAX_AGE_MS = 5_000;

/** The scale's current stable reading becomes the item's weight. */
function captureWeight(ports: StepPorts, custodyId: string, operator: Operator, deviceId?: string): void {
  const { ctx, scales } = ports;
  const reading = scales.latestReading(deviceId);
  if (!reading) throw new StationFailure('UNAVAILABLE', 'No scale is reporting. Check the scale, or enter the weight by hand with a reason.');
  const refusal = captureRefusal(reading);
  if (refusal !== null || reading.grams === null) {
    throw new StationFailure('INVALID_STATE', refusal ?? 'The scale gave no weight. Wait for a steady reading, then capture.');
  }
  if (ctx.now().getTime() - new Date(reading.at).getTime() > READING_MAX_AGE_MS) {
    throw new StationFailure('UNAVAILABLE', 'The scale has not reported for a few seconds. Check it is on and connected.');
  }
  const stale = scales.staleLoadRefusal(reading, custodyId);
  if (stale !== null) throw new StationFailure('INVALID_STATE', stale);
  const grams = reading.grams;
  const { newLoadFor: _live, ...recorded } = reading;
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'weigh' },
    kind: 'item.weighed',
    payload: () => ({ grams, source: 'scale' as const, deviceId: reading.deviceId, value: reading.value, unit: reading.unit, resolution: reading.resolution }),
    write: () => ctx.records.weighings.add(custodyId, { grams, source: 'scale', reading: recorded, manualReason: null, operatorId: operator.id, at: ctx.nowIso() }),
  });
  scales.captured(reading.deviceId);
}

/** A weight typed by the operator (no scale), with the reason. */
function enterWeight(ctx: StepContext, custodyId: string, operator: Operator, grams: number, reason: string): void {
  ctx.itemStep({
    custodyId,
    operator,
    next: { kind: 'weigh' },
    kind: 'item.weighed',
    payload: () => ({ grams, source: 'manual' as const, reason }),
    write: () => ctx.records.weighings.add(custodyId, { grams, source: 'manual', reading: null, manualReason: reason, operatorId: operator.id, at: ctx.nowIso() }),
  });
}

export const weighStep = screeningStep(weighContract, {
  facts: (ctx, item) => ({ weighed: ctx.records.weighings.forItem(item.custodyId).length > 0, weighSkipped: skipped(ctx, item, 'weigh') }),
  detail: (ctx, item, extras) => {
    const weights = ctx.records.weighings.forItem(item.custodyId);
    const latest = weights.at(-1);
    return { weights, weightFlags: latest ? weightFlags(latest.grams, item.itemType, extras.dimensions) : [] };
  },
  report: (detail) => [['Weight', detail?.weights.length ? detail.weights.map((w) => `${w.grams} g (${w.source})`).join(', ') : 'Not weighed']],
  handlers: (ports) => ({
    'item.captureWeight': ({ custodyId, deviceId }, { session }) => {
      const id = ports.workOn(custodyId);
      captureWeight(ports, id, operatorOf(session), deviceId);
      return answer(ports, id);
    },
    'item.enterWeight': ({ custodyId, grams, reason }, { session }) => {
      const id = ports.workOn(custodyId);
      enterWeight(ports.ctx, id, operatorOf(session), grams, reason);
      return answer(ports, id);
    },
  }),
});
