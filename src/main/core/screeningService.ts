import { randomUUID } from 'node:crypto';
import {
  StationFailure,
  type IncidentType,
  type Item,
  type ItemDetail,
  type ItemType,
  type Operator,
  type Recipient,
  type ScaleReading,
  type SkippableStep,
  type XrayFinding,
  type XrayVerdict,
  type Dimensions,
  type ItemStepKind,
  type ItemStepPayload,
  type SuspectXrayReview,
} from '../../shared/contract/index.ts';
import { indicatorByCode } from '../../shared/domain/index.ts';
import { assertNever } from '../../shared/domain/index.ts';
import { skipAction, type ItemAction } from '../workflow/index.ts';
import type { WorkflowContext } from './workflowContext.ts';
import type { DomainEvent } from './domainEvents.ts';
import { itemDetail } from './itemDetail.ts';
import type { IncidentService } from './incidentService.ts';
import { captureRefusal } from './scaleReadings.ts';

/** The latest reading each scale reported, kept by the station from the devices. */
export interface ScaleSource {
  latestReading(deviceId?: string): ScaleReading | null;
  /** Why this reading's load may not become this item's weight (it was there before, or was captured); null when it may. */
  staleLoadRefusal(reading: ScaleReading, custodyId: string): string | null;
  /** The scale's load became an item's weight: no other item may take it until it changes. */
  captured(deviceId: string): void;
}

/** Asks an X-ray cabinet for a scan; the cabinet (or its adapter's safety gate) may refuse. */
export interface CabinetControl {
  requestScan(deviceId: string | undefined, scanRef: string): Promise<{ accepted: true; deviceId: string } | { accepted: false; reason: string }>;
}

// A reading older than this is not "the scale's current reading": the item may have been lifted.
const READING_MAX_AGE_MS = 5_000;

/**
 * The screening of one item, step by step. Each step is one transaction: the pure lifecycle
 * decides, the records and the new state are written with their audit event, then the screens hear.
 */
export class ScreeningService {
  readonly #ctx: WorkflowContext;
  readonly #incidents: IncidentService;
  readonly #scales: ScaleSource;
  readonly #cabinets: CabinetControl;

  constructor(ctx: WorkflowContext, incidents: IncidentService, devices: { scales: ScaleSource; cabinets: CabinetControl }) {
    this.#ctx = ctx;
    this.#incidents = incidents;
    this.#scales = devices.scales;
    this.#cabinets = devices.cabinets;
  }

  detail(custodyId: string): ItemDetail {
    return itemDetail(this.#ctx, custodyId);
  }

  /**
   * Runs one step: decide against the facts, then `write` the step's own records and the audit
   * event, set the new state, all in one transaction.
   */
  #step<K extends ItemStepKind>(
    custodyId: string,
    operator: Operator,
    action: ItemAction,
    kind: K,
    payload: ItemStepPayload<K>,
    write?: () => void,
    event?: (item: Item) => DomainEvent,
  ): ItemDetail {
    this.#ctx.itemStep({ custodyId, operator, next: action, kind, payload: () => payload, ...(write ? { write } : {}), ...(event ? { event } : {}) });
    return this.detail(custodyId);
  }

  setDetails(
    custodyId: string,
    operator: Operator,
    input: { itemType?: ItemType | undefined; recipient?: string | null | undefined; sender?: string | null | undefined; dimensions?: Dimensions | null | undefined },
  ): ItemDetail {
    const ctx = this.#ctx;
    ctx.store.transaction(() => {
      const item = ctx.item(custodyId);
      const extras = ctx.store.items.extras(custodyId)!;
      const next = {
        itemType: input.itemType ?? item.itemType,
        recipient: input.recipient === undefined ? extras.recipient : input.recipient,
        sender: input.sender === undefined ? extras.sender : input.sender,
        dimensions: input.dimensions === undefined ? extras.dimensions : input.dimensions,
      };
      // The lifecycle decides when details are open, and when the type (which decides the steps) may change.
      const changesType = item.itemType !== null && next.itemType !== item.itemType;
      ctx.decideOrRefuse(item, { kind: changesType ? 'changeItemType' : 'recordDetails' });
      ctx.store.items.setDetails(custodyId, next, ctx.nowIso());
      ctx.store.audit.append({ actor: ctx.actor(operator), kind: 'item.detailsRecorded', subjectType: 'item', subjectId: custodyId, mode: item.mode, payload: { ...next } });
    });
    ctx.announce(custodyId);
    return this.detail(custodyId);
  }

  captureWeight(custodyId: string, operator: Operator, deviceId?: string): ItemDetail {
    const reading = this.#scales.latestReading(deviceId);
    if (!reading) throw new StationFailure('UNAVAILABLE', 'No scale is reporting. Check the scale, or enter the weight by hand with a reason.');
    const refusal = captureRefusal(reading);
    if (refusal !== null || reading.grams === null) {
      throw new StationFailure('INVALID_STATE', refusal ?? 'The scale gave no weight. Wait for a steady reading, then capture.');
    }
    if (this.#ctx.now().getTime() - new Date(reading.at).getTime() > READING_MAX_AGE_MS) {
      throw new StationFailure('UNAVAILABLE', 'The scale has not reported for a few seconds. Check it is on and connected.');
    }
    const stale = this.#scales.staleLoadRefusal(reading, custodyId);
    if (stale !== null) throw new StationFailure('INVALID_STATE', stale);
    const grams = reading.grams;
    const { newLoadFor: _live, ...recorded } = reading;
    const detail = this.#step(custodyId, operator, { kind: 'weigh' }, 'item.weighed', { grams, source: 'scale', deviceId: reading.deviceId, value: reading.value, unit: reading.unit, resolution: reading.resolution }, () =>
      this.#ctx.records.addWeight(custodyId, { grams, source: 'scale', reading: recorded, manualReason: null, operatorId: operator.id, at: this.#ctx.nowIso() }),
    );
    this.#scales.captured(reading.deviceId);
    return detail;
  }

  enterWeight(custodyId: string, operator: Operator, grams: number, reason: string): ItemDetail {
    return this.#step(custodyId, operator, { kind: 'weigh' }, 'item.weighed', { grams, source: 'manual', reason }, () =>
      this.#ctx.records.addWeight(custodyId, { grams, source: 'manual', reading: null, manualReason: reason, operatorId: operator.id, at: this.#ctx.nowIso() }),
    );
  }

  skipStep(custodyId: string, operator: Operator, step: SkippableStep, reason: string): ItemDetail {
    return this.#step(custodyId, operator, skipAction(step), 'item.stepSkipped', { step, reason }, () =>
      this.#ctx.records.addSkip(custodyId, { step, reason, operatorId: operator.id, at: this.#ctx.nowIso() }),
    );
  }

  inspect(custodyId: string, operator: Operator, indicators: string[], notes: string): ItemDetail {
    const unknown = indicators.filter((code) => !indicatorByCode(code));
    if (unknown.length > 0) throw new StationFailure('INVALID_ARGUMENTS', `Unknown indicator code(s): ${unknown.join(', ')}. Update the screen.`);
    const unique = [...new Set(indicators)];
    return this.#step(custodyId, operator, { kind: 'inspect' }, 'item.inspected', { indicators: unique, notes }, () =>
      this.#ctx.records.addInspection(custodyId, { indicators: unique, notes, operatorId: operator.id, at: this.#ctx.nowIso() }),
    );
  }

  markSuspect(custodyId: string, operator: Operator, incidentType: IncidentType, reason: string, indicators: string[]) {
    return this.#incidents.openForItem(custodyId, operator, incidentType, reason, { indicators });
  }

  #requireXrayQualified(operator: Operator): void {
    if (!this.#ctx.training.isCurrent(operator.id, 'xrayOperator', this.#ctx.today())) {
      throw new StationFailure('FORBIDDEN', `${operator.name} has no current X-ray operator qualification. Ask a qualified operator, or record the training first.`);
    }
  }

  async requestXray(custodyId: string, operator: Operator, deviceId?: string): Promise<ItemDetail> {
    this.#requireXrayQualified(operator);
    const ctx = this.#ctx;
    const item = ctx.item(custodyId);
    ctx.decideOrRefuse(item, { kind: 'requestXray' });
    const scanRef = `${custodyId}:${randomUUID().slice(0, 8)}`;
    const answer = await this.#cabinets.requestScan(deviceId, scanRef);
    if (!answer.accepted) {
      ctx.store.transaction(() =>
        ctx.store.audit.append({ actor: ctx.actor(operator), kind: 'xray.scanRefused', subjectType: 'item', subjectId: custodyId, mode: item.mode, payload: { scanRef, reason: answer.reason } }),
      );
      throw new StationFailure('UNAVAILABLE', `The X-ray cabinet did not start the scan: ${answer.reason}`);
    }
    return this.#step(custodyId, operator, { kind: 'requestXray' }, 'xray.scanRequested', { scanRef, deviceId: answer.deviceId }, () =>
      ctx.records.addScan(custodyId, { deviceId: answer.deviceId, scanRef, requestedBy: operator.id, requestedAt: ctx.nowIso() }),
    );
  }

  /** The cabinet's image for a pending scan: tied to the item by its scan reference, with its SHA-256. */
  attachImage(scanRef: string, sha256: string, file: string): boolean {
    const ctx = this.#ctx;
    const attached = ctx.store.transaction(() => {
      const target = ctx.records.attachImage(scanRef, sha256, file);
      if (!target) return null;
      const item = ctx.item(target.custodyId);
      ctx.store.audit.append({ actor: 'station', kind: 'xray.imageCaptured', subjectType: 'item', subjectId: target.custodyId, mode: item.mode, payload: { scanRef, sha256, file } });
      return target.custodyId;
    });
    if (attached) ctx.announce(attached);
    return attached !== null;
  }

  recordXray(custodyId: string, operator: Operator, verdict: XrayVerdict, findings: XrayFinding[], notes: string, incidentType?: IncidentType) {
    this.#requireXrayQualified(operator);
    const scan = this.#ctx.records.scans(custodyId).at(-1);
    if (verdict === 'suspect') {
      const xray: SuspectXrayReview = { review: 'first', scanRef: scan?.scanRef ?? null, verdict, findings, notes };
      return this.#suspectFromXray(custodyId, operator, incidentType, `X-ray verdict suspect: ${findings.join(', ') || 'see notes'}. ${notes}`.trim(), xray, () => {
        if (!scan || scan.verdict) throw new StationFailure('INVALID_STATE', 'There is no X-ray scan waiting for a verdict.');
        this.#ctx.records.recordVerdict(scan.id, { verdict, findings, notes, reviewerId: operator.id });
      });
    }
    return this.#step(custodyId, operator, { kind: 'recordXray', verdict }, 'xray.verdictRecorded', { verdict, findings, notes, scanRef: scan?.scanRef ?? null }, () =>
      this.#ctx.records.recordVerdict(scan!.id, { verdict, findings, notes, reviewerId: operator.id }),
    );
  }

  secondReview(custodyId: string, operator: Operator, verdict: 'clear' | 'suspect', notes: string, incidentType?: IncidentType) {
    this.#requireXrayQualified(operator);
    const scan = this.#ctx.records.scans(custodyId).at(-1);
    if (scan && scan.reviewerId === operator.id) {
      throw new StationFailure('FORBIDDEN', 'The second review must be done by another operator than the first reviewer.');
    }
    const write = () => {
      if (!scan || scan.verdict !== 'inconclusive' || scan.secondVerdict) throw new StationFailure('INVALID_STATE', 'Only an inconclusive X-ray waits for a second reviewer.');
      this.#ctx.records.recordSecondReview(scan.id, { verdict, notes, reviewerId: operator.id });
    };
    if (verdict === 'suspect') {
      const xray: SuspectXrayReview = { review: 'second', scanRef: scan?.scanRef ?? null, verdict, notes };
      return this.#suspectFromXray(custodyId, operator, incidentType, `Second X-ray review: suspect. ${notes}`.trim(), xray, write);
    }
    return this.#step(custodyId, operator, { kind: 'secondReview', verdict }, 'xray.secondReview', { verdict, notes, scanRef: scan?.scanRef ?? null, firstReviewer: scan?.reviewerId ?? null }, write);
  }

  #suspectFromXray(custodyId: string, operator: Operator, incidentType: IncidentType | undefined, reason: string, xray: SuspectXrayReview, write: () => void): ItemDetail {
    if (!incidentType) throw new StationFailure('INVALID_ARGUMENTS', 'Say what kind of threat the X-ray suggests (incident type) to open the incident.');
    this.#incidents.openForItem(custodyId, operator, incidentType, reason, { write, xray });
    return this.detail(custodyId);
  }

  clear(custodyId: string, operator: Operator): ItemDetail {
    const ctx = this.#ctx;
    const scans = ctx.records.scans(custodyId);
    const methods: Array<'visual' | 'xray'> = scans.some((s) => (s.secondVerdict ?? s.verdict) === 'clear') ? ['visual', 'xray'] : ['visual'];
    const screened = { methods, operatorId: operator.id, at: ctx.nowIso() };
    return this.#step(
      custodyId,
      operator,
      { kind: 'clear' },
      'item.cleared',
      { screened },
      () => ctx.store.items.setScreened(custodyId, screened),
      (item) => ({ kind: 'item.cleared', custodyId, mode: item.mode, operator }),
    );
  }

  deliver(custodyId: string, operator: Operator, recipient: Recipient): ItemDetail {
    const ctx = this.#ctx;
    const receivedBy = this.#receivedBy(recipient);
    const disposition = { outcome: 'delivered', receivedBy, confirmedBy: operator.id, at: ctx.nowIso() };
    return this.#step(custodyId, operator, { kind: 'deliver' }, 'item.delivered', disposition, () => ctx.store.items.setDisposition(custodyId, disposition));
  }

  /** Who took the item, as the record keeps it: a badge is looked up, a name is kept as typed. */
  #receivedBy(recipient: Recipient): Record<string, unknown> {
    switch (recipient.kind) {
      case 'name':
        return { kind: 'name', name: recipient.name };
      case 'badge': {
        const person = this.#ctx.store.operators.byBadge(recipient.badge);
        return person ? { kind: 'badge', badge: recipient.badge, name: person.name, operatorId: person.id } : { kind: 'badge', badge: recipient.badge, name: null };
      }
      default:
        return assertNever(recipient, 'recipient');
    }
  }

  /**
   * Voids an item taken in by mistake (the lifecycle allows it only before any screening step). A
   * screener voids only what they took in themselves; a coordinator or admin any item (DESIGN.md,
   * "Who can do what"). The record stays, with the reason as its disposition.
   */
  voidItem(custodyId: string, operator: Operator, reason: string): ItemDetail {
    const ctx = this.#ctx;
    const item = ctx.item(custodyId);
    if (operator.role === 'screener' && item.receivedBy !== ctx.actor(operator)) {
      throw new StationFailure('FORBIDDEN', 'Only the operator who took this item in, or a coordinator, can void it. Ask a coordinator.');
    }
    const disposition = { outcome: 'voided', reason, by: operator.id, at: ctx.nowIso() };
    return this.#step(custodyId, operator, { kind: 'void' }, 'item.voided', disposition, () => ctx.store.items.setDisposition(custodyId, disposition));
  }

  returnItem(custodyId: string, operator: Operator, reason: string): ItemDetail {
    const ctx = this.#ctx;
    const disposition = { outcome: 'returned', reason, by: operator.id, at: ctx.nowIso() };
    return this.#step(custodyId, operator, { kind: 'return' }, 'item.returned', disposition, () => ctx.store.items.setDisposition(custodyId, disposition));
  }
}
