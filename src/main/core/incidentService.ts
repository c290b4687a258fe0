import {
  StationFailure,
  type CustodyTransferView,
  type IncidentDetails,
  type IncidentOutcome,
  type IncidentStepView,
  type IncidentType,
  type IncidentView,
  type Item,
  type Operator,
  type AuditKind,
  type AuditPayload,
  type PersonInvolvement,
  type RemoteReviewOrigin,
  type SuspectXrayReview,
} from '../../shared/contract/index.ts';
import { unusedCustodyId } from './custodyIds.ts';
import { ITEM_STATE_NAMES } from '../../shared/words/index.ts';
import type { SopLibrary } from './sopLibrary.ts';
import { decide, missingStepRecords, type IncidentRecordSoFar } from '../workflow/index.ts';
import type { WorkflowContext } from './workflowContext.ts';
import type { DomainEvent } from './domainEvents.ts';
import { incidentSummary, itemDetail } from './itemDetail.ts';
import type { IncidentRow } from '../store/index.ts';
import { sopFingerprint } from '../store/index.ts';

/** Where the incident protocols come from: the site's SOP files (last good version of each). */
export type ProtocolSource = Pick<SopLibrary, 'protocolFor' | 'status' | 'reload'>;

/** Confirms a second person by their own badge and PIN. */
export type SecondPersonCheck = (badge: string, pin: string, first: Operator, purpose: string) => Promise<Operator>;

const LEFT_QUARANTINE = ['HANDED_OVER', 'RELEASED', 'DESTROYED'];

/**
 * Incidents: a suspect item switches the station to its protocol, one step at a time, each
 * acknowledged with time and operator; everything the incident report needs is recorded here.
 */
export class IncidentService {
  readonly #ctx: WorkflowContext;
  readonly #protocols: ProtocolSource;
  readonly #secondPerson: SecondPersonCheck;

  constructor(ctx: WorkflowContext, protocols: ProtocolSource, secondPerson: SecondPersonCheck) {
    this.#ctx = ctx;
    this.#protocols = protocols;
    this.#secondPerson = secondPerson;
  }

  /** Marks the item SUSPECT and opens its incident with the protocol in force now (kept with the incident). */
  openForItem(
    custodyId: string,
    operator: Operator,
    type: IncidentType,
    reason: string,
    options: { indicators?: string[]; write?: () => void; xray?: SuspectXrayReview; remote?: RemoteReviewOrigin } = {},
  ): { detail: ReturnType<typeof itemDetail>; incident: IncidentView } {
    const ctx = this.#ctx;
    const protocol = this.#protocols.protocolFor(type);
    const { incidentId, event } = ctx.store.transaction(() => {
      const item = ctx.item(custodyId);
      const decision = decide(ctx.facts(item), { kind: 'markSuspect' }, ctx.policyContext());
      if (!decision.ok) throw new StationFailure('INVALID_STATE', decision.reason);
      options.write?.();
      const at = ctx.nowIso();
      const number = ctx.incidents.nextNumber(item.mode, new Date(at).getUTCFullYear());
      const id = ctx.incidents.insert({ number, custodyId, type, mode: item.mode, reason, protocol, openedBy: operator.id, openedAt: at });
      ctx.store.items.setIncident(custodyId, id);
      ctx.store.items.setState(custodyId, decision.next, at);
      const actor = ctx.actor(operator);
      ctx.store.audit.append({
        actor,
        kind: 'item.markedSuspect',
        subjectType: 'item',
        subjectId: custodyId,
        mode: item.mode,
        // An X-ray verdict that makes the item suspect is recorded here, with its findings: it has no event of its own.
        payload: { from: item.state, to: decision.next, incidentNumber: number, reason, indicators: options.indicators ?? [], ...(options.xray ? { xray: options.xray } : {}), ...(options.remote ? { remote: options.remote } : {}) },
      });
      ctx.store.audit.append({
        actor,
        kind: 'incident.opened',
        subjectType: 'incident',
        subjectId: number,
        mode: item.mode,
        payload: { custodyId, type, reason, protocol: { title: protocol.title, version: protocol.version, steps: protocol.steps.map((s) => s.id) }, protocolSha256: sopFingerprint(protocol) },
      });
      const markedSuspect = { kind: 'item.markedSuspect', custodyId, mode: item.mode, operator, incidentId: id, incidentType: type } as const;
      ctx.domainEvents.recording(markedSuspect);
      return { incidentId: id, event: markedSuspect };
    });
    ctx.announce(custodyId);
    this.#announce(incidentId);
    ctx.domainEvents.emit(event);
    return { detail: itemDetail(ctx, custodyId), incident: this.view(incidentId) };
  }

  /** A drill: a DRILL item and its incident from a scenario, marked so it stays out of real records. */
  startDrill(operator: Operator, scenario: IncidentType, description: string) {
    const ctx = this.#ctx;
    const custodyId = ctx.store.transaction(() => {
      const at = ctx.nowIso();
      const id = unusedCustodyId((custodyId) => ctx.store.items.exists(custodyId));
      const item: Item = {
        custodyId: id,
        trackingNumber: null,
        carrier: null,
        scannedCode: `DRILL ${scenario}${description ? `: ${description}` : ''}`,
        symbology: null,
        state: 'RECEIVED',
        mode: 'drill',
        receivedAt: at,
        updatedAt: at,
        receivedBy: ctx.actor(operator),
        itemType: 'parcel',
        incidentNumber: null,
      };
      const matchKey = `DRILL-${id}`;
      ctx.store.items.insert({ item, matchKey });
      ctx.store.audit.append({ actor: ctx.actor(operator), kind: 'drill.started', subjectType: 'item', subjectId: id, mode: 'drill', payload: { scenario, description, scannedCode: item.scannedCode, matchKey } });
      return id;
    });
    return this.openForItem(custodyId, operator, scenario, `Drill: ${description || scenario}`);
  }

  #row(incidentId: number): IncidentRow {
    const row = this.#ctx.incidents.byId(incidentId);
    if (!row) throw new StationFailure('NOT_FOUND', `No incident ${incidentId}.`);
    return row;
  }

  #openRow(incidentId: number): IncidentRow {
    const row = this.#row(incidentId);
    if (row.closed_at) throw new StationFailure('INVALID_STATE', `Incident ${row.number} is closed; its record cannot change.`);
    return row;
  }

  #announce(incidentId: number): void {
    this.#ctx.bus.publish('incident.changed', { incident: incidentSummary(this.#ctx, this.#row(incidentId)) });
  }

  /** One change to an open incident with its audit event, in one transaction. */
  #record<K extends AuditKind>(
    incidentId: number,
    operator: Operator,
    kind: K,
    payload: AuditPayload<K>,
    write: (row: IncidentRow) => void,
    happened?: (row: IncidentRow) => DomainEvent,
  ): IncidentView {
    const ctx = this.#ctx;
    const event = ctx.store.transaction(() => {
      const row = this.#openRow(incidentId);
      write(row);
      ctx.store.audit.append({ actor: ctx.actor(operator), kind, subjectType: 'incident', subjectId: row.number, mode: row.mode, payload });
      const announced = happened?.(row) ?? null;
      if (announced) ctx.domainEvents.recording(announced);
      return announced;
    });
    this.#announce(incidentId);
    if (event) ctx.domainEvents.emit(event);
    return this.view(incidentId);
  }

  view(incidentId: number): IncidentView {
    const ctx = this.#ctx;
    const row = this.#row(incidentId);
    const protocol = row.protocol;
    const acks = new Map(ctx.incidents.acknowledgements(incidentId).map((a) => [a.step_id, a]));
    const ackTimes = [row.opened_at, ...[...acks.values()].map((a) => a.acknowledged_at)].sort();
    const names = new Map<string, string>();
    const nameOf = (id: string) => {
      if (!names.has(id)) names.set(id, ctx.store.operators.byId(id)?.name ?? id);
      return names.get(id)!;
    };
    const record = this.#recordSoFar(row);
    const steps: IncidentStepView[] = protocol.steps.map((step) => {
      const ack = acks.get(step.id);
      const previous = ack ? ackTimes.filter((t) => t < ack.acknowledged_at).at(-1) ?? row.opened_at : null;
      return {
        id: step.id,
        title: step.title,
        instructions: step.instructions,
        kind: step.kind,
        critical: step.critical,
        requiresTwoPeople: step.requiresTwoPeople ?? false,
        agency: step.kind === 'notify' ? step.agency : null,
        records: step.kind === 'record' ? step.records : [],
        acknowledgedBy: ack?.acknowledged_by ?? null,
        acknowledgedByName: ack ? nameOf(ack.acknowledged_by) : null,
        secondBy: ack?.second_by ?? null,
        acknowledgedAt: ack?.acknowledged_at ?? null,
        note: ack?.note ?? '',
        secondsTaken: ack && previous ? Math.round((Date.parse(ack.acknowledged_at) - Date.parse(previous)) / 1000) : null,
        recordsMissing: missingStepRecords(step, record),
        couldNotBecause: ack?.could_not_because ?? null,
      };
    });
    return {
      ...incidentSummary(ctx, row),
      reason: row.reason,
      protocolTitle: protocol.title,
      protocolVersion: protocol.version,
      steps,
      ...record,
      labReference: row.lab_reference,
      correctiveActions: row.corrective_actions,
      closedBy: row.closed_by,
      closedSecondBy: row.closed_second_by,
      evacuationDistanceMeters: row.details.evacuationDistanceMeters ?? protocol.evacuationDistanceMeters ?? null,
      noRadioWithinMeters: protocol.noRadioWithinMeters ?? null,
    };
  }

  /** The incident's record as it stands: what a step's requirement is checked against, and what the view shows. */
  #recordSoFar(row: IncidentRow): IncidentRecordSoFar {
    const entries = (kind: 'person' | 'notification' | 'witness' | 'responder') => this.#ctx.incidents.entries(row.id, kind);
    return {
      details: row.details,
      persons: entries('person').map((e) => ({ ...(e.data as { name: string; involvement: PersonInvolvement; contact: string | null }), recordedAt: e.recordedAt })),
      notifications: entries('notification').map((e) => ({
        ...(e.data as { agency: string; notifiedAt: string; reference: string | null; notes: string; stepId?: string }),
        recordedAt: e.recordedAt,
      })),
      witnessStatements: entries('witness').map((e) => ({ ...(e.data as { witnessName: string; statement: string }), recordedAt: e.recordedAt })),
      responders: entries('responder').map((e) => ({ ...(e.data as { agency: string; names: string | null; arrivedAt: string }), recordedAt: e.recordedAt })),
      custody: this.#ctx.custody.forItem(row.custody_id) satisfies CustodyTransferView[],
    };
  }

  list(includeClosed: boolean) {
    return this.#ctx.incidents.list(includeClosed).map((row) => incidentSummary(this.#ctx, row));
  }

  /**
   * A step done: with the record its SOP asks for (people listed, the call logged, …), or, where
   * that record could not be made, with the operator's reason, which the report shows. Checked
   * here, in the step's transaction, whatever the screen showed.
   */
  async acknowledgeStep(
    incidentId: number,
    operator: Operator,
    stepId: string,
    note: string,
    second?: { badge: string; pin: string },
    couldNotBecause?: string,
  ): Promise<IncidentView> {
    const row = this.#openRow(incidentId);
    const protocol = row.protocol;
    const step = protocol.steps.find((s) => s.id === stepId);
    if (!step) throw new StationFailure('NOT_FOUND', `This step is not in the protocol of incident ${row.number}. Show the incident again.`);
    const reason = couldNotBecause?.trim() || null;
    let secondBy: string | null = null;
    if (step.requiresTwoPeople) {
      if (!second) throw new StationFailure('INVALID_ARGUMENTS', `"${step.title}" needs a second person: they confirm with their badge and PIN.`);
      secondBy = (await this.#secondPerson(second.badge, second.pin, operator, `incident ${row.number} step ${stepId}`)).id;
    }
    return this.#record(incidentId, operator, 'incident.stepAcknowledged', { stepId, title: step.title, note, secondBy, couldNotBecause: reason }, (current) => {
      if (this.#ctx.incidents.acknowledgements(incidentId).some((a) => a.step_id === stepId)) {
        throw new StationFailure('CONFLICT', `"${step.title}" was already acknowledged.`);
      }
      const missing = missingStepRecords(step, this.#recordSoFar(current));
      if (missing.length > 0 && reason === null) {
        throw new StationFailure(
          'INVALID_STATE',
          `"${step.title}" asks for a record that is not there yet: ${missing.join('; ')}. Record it first, or say why it could not be done.`,
        );
      }
      this.#ctx.incidents.acknowledge(incidentId, { stepId, by: operator.id, secondBy, at: this.#ctx.nowIso(), note, couldNotBecause: reason });
    });
  }

  addPerson(incidentId: number, operator: Operator, person: { name: string; involvement: PersonInvolvement; contact: string | null }): IncidentView {
    return this.#record(incidentId, operator, 'incident.personRecorded', person, () =>
      this.#ctx.incidents.addEntry(incidentId, 'person', person, operator.id, this.#ctx.nowIso()),
    );
  }

  addNotification(
    incidentId: number,
    operator: Operator,
    n: { agency: string; notifiedAt?: string | undefined; reference: string | null; notes: string; stepId?: string | undefined },
  ): IncidentView {
    const data = { agency: n.agency, notifiedAt: n.notifiedAt ?? this.#ctx.nowIso(), reference: n.reference, notes: n.notes, ...(n.stepId !== undefined ? { stepId: n.stepId } : {}) };
    return this.#record(incidentId, operator, 'incident.notificationRecorded', data, (row) => {
      if (n.stepId !== undefined && !row.protocol.steps.some((s) => s.id === n.stepId && s.kind === 'notify')) {
        throw new StationFailure('INVALID_ARGUMENTS', `The call is logged for a step that is not a notify step of incident ${row.number}. Show the incident again.`);
      }
      this.#ctx.incidents.addEntry(incidentId, 'notification', data, operator.id, this.#ctx.nowIso());
    });
  }

  addWitnessStatement(incidentId: number, operator: Operator, w: { witnessName: string; statement: string }): IncidentView {
    return this.#record(incidentId, operator, 'incident.witnessStatementRecorded', w, () =>
      this.#ctx.incidents.addEntry(incidentId, 'witness', w, operator.id, this.#ctx.nowIso()),
    );
  }

  recordResponders(incidentId: number, operator: Operator, r: { agency: string; names: string | null; arrivedAt?: string | undefined }): IncidentView {
    const data = { agency: r.agency, names: r.names, arrivedAt: r.arrivedAt ?? this.#ctx.nowIso() };
    return this.#record(incidentId, operator, 'incident.respondersArrived', data, () =>
      this.#ctx.incidents.addEntry(incidentId, 'responder', data, operator.id, this.#ctx.nowIso()),
    );
  }

  recordDetails(incidentId: number, operator: Operator, details: IncidentDetails): IncidentView {
    return this.#record(incidentId, operator, 'incident.detailsRecorded', { ...details }, (row) => {
      const merged = { ...row.details, ...details };
      this.#ctx.incidents.setDetails(incidentId, merged);
    });
  }

  setOutcome(incidentId: number, operator: Operator, outcome: IncidentOutcome, labReference: string | null, correctiveActions: string): IncidentView {
    return this.#record(incidentId, operator, 'incident.outcomeRecorded', { outcome, labReference, correctiveActions }, () =>
      this.#ctx.incidents.setOutcome(incidentId, outcome, labReference, correctiveActions),
    );
  }

  async close(incidentId: number, operator: Operator, second: { badge: string; pin: string }): Promise<IncidentView> {
    const row = this.#openRow(incidentId);
    const protocol = row.protocol;
    if (!row.outcome) throw new StationFailure('INVALID_STATE', 'Record the outcome (hoax, benign or confirmed) before closing the incident.');
    const done = new Set(this.#ctx.incidents.acknowledgements(incidentId).map((a) => a.step_id));
    const missing = protocol.steps.filter((s) => s.critical && !done.has(s.id));
    if (missing.length > 0) {
      throw new StationFailure('INVALID_STATE', `Critical steps are not acknowledged: ${missing.map((s) => `"${s.title}"`).join(', ')}.`);
    }
    const item = this.#ctx.item(row.custody_id);
    if (!LEFT_QUARANTINE.includes(item.state)) {
      throw new StationFailure('INVALID_STATE', `The item ${item.custodyId} is still ${ITEM_STATE_NAMES[item.state].toLowerCase()}: hand it over, release or destroy it before closing.`);
    }
    const secondOperator = await this.#secondPerson(second.badge, second.pin, operator, `closing incident ${row.number}`);
    return this.#record(
      incidentId,
      operator,
      'incident.closed',
      { outcome: row.outcome, secondBy: secondOperator.id },
      () => this.#ctx.incidents.close(incidentId, operator.id, secondOperator.id, this.#ctx.nowIso()),
      (closed) => ({ kind: 'incident.closed', incidentId, custodyId: closed.custody_id, mode: closed.mode, operator }),
    );
  }
}
