// Labels from records to paper: LabelService lays out the label, the PrintQueue records and
// prints it, LabelPrinter sends it over real TCP, and the ZPL printer simulator receives exactly
// the ZPL the layout gives — and a reprint is the same label again, marked as a reprint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelPrinter } from '../../src/hardware/devices/labelPrinter.ts';
import { ZplPrinterSimulator } from '../../src/hardware/simulators/zplPrinterSimulator.ts';
import { LabelService } from '../../src/main/core/labelService.ts';
import { PrintQueue } from '../../src/main/core/printQueue.ts';
import { zplFromLayout } from '../../src/main/labels/zplFromLayout.ts';
import { Store } from '../../src/main/store/index.ts';
import { StationFailure } from '../../src/shared/contract/index.ts';
import type { IncidentView, ItemDetail, Operator } from '../../src/shared/contract/index.ts';
import { useCleanups } from '../helpers/cleanups.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanups = useCleanups();

const OPERATOR: Operator = { id: 'op-1', badge: 'B-1001', name: 'Zoë Ångström-Łukasiewicz', role: 'screener' };
const COORDINATOR: Operator = { id: 'op-2', badge: 'B-2002', name: 'Sam ^Okafor~', role: 'coordinator' };
const NAMES = new Map([OPERATOR, COORDINATOR].map((o) => [o.id, o.name]));

function itemDetail(custodyId: string, overrides: Partial<ItemDetail['item']>, rest: Partial<ItemDetail> = {}): ItemDetail {
  return {
    item: {
      custodyId,
      trackingNumber: '1Z999AA10123456784',
      carrier: 'ups',
      scannedCode: '1Z999AA10123456784',
      symbology: 'code128',
      state: 'CLEARED',
      mode: 'live',
      receivedAt: '2025-06-14T09:00:00.000Z',
      updatedAt: '2025-06-14T09:23:00.000Z',
      receivedBy: 'op-1',
      itemType: 'parcel',
      incidentNumber: null,
      ...overrides,
    },
    recipient: 'Dr. Ada Lovelace, Room 12',
    sender: null,
    dimensions: null,
    weights: [],
    weightFlags: [],
    skips: [],
    inspection: null,
    xrayScans: [],
    screened: { methods: ['visual', 'xray'], operatorId: 'op-1', at: '2025-06-14T09:23:00.000Z' },
    disposition: null,
    incident: null,
    custody: [],
    requirements: { weigh: 'required', xray: 'optional' },
    nextSteps: [],
    allowedActions: [],
    ...rest,
  };
}

const CLEARED = itemDetail('7KQ-M3X-9TZ', {});
const INCIDENT: IncidentView = {
  id: 7,
  number: 'INC-2025-0007',
  custodyId: 'H2N-4PX-QW8',
  type: 'suspiciousSubstance',
  mode: 'live',
  openedAt: '2025-06-14T10:05:00.000Z',
  openedBy: 'op-1',
  closedAt: null,
  outcome: null,
  stepsDone: 2,
  stepsTotal: 9,
  reason: 'white powder leaking from a corner',
  protocolTitle: 'Suspicious substance',
  protocolVersion: '1',
  steps: [],
  details: { location: 'Screening room 1, bench B' },
  persons: [],
  notifications: [],
  witnessStatements: [],
  responders: [],
  custody: [
    {
      id: 1,
      kind: 'quarantine',
      releasedBy: { kind: 'place', name: 'found at the screening station (Screening room 1, bench B)' },
      receivedBy: { kind: 'operator', operatorId: 'op-2', name: COORDINATOR.name },
      reason: 'quarantined',
      sealNumbers: ['S-0012345', 'S-0012346'],
      sealIntact: true,
      location: 'Containment cabinet 2',
      secondBy: null,
      at: '2025-06-14T10:12:00.000Z',
    },
  ],
  labReference: null,
  correctiveActions: null,
  closedBy: null,
  closedSecondBy: null,
  evacuationDistanceMeters: null,
  noRadioWithinMeters: null,
};
const SUSPECT = itemDetail(
  'H2N-4PX-QW8',
  { state: 'QUARANTINED', incidentNumber: INCIDENT.number },
  {
    screened: null,
    incident: {
      id: INCIDENT.id,
      number: INCIDENT.number,
      custodyId: INCIDENT.custodyId,
      type: INCIDENT.type,
      mode: 'live',
      openedAt: INCIDENT.openedAt,
      openedBy: INCIDENT.openedBy,
      closedAt: null,
      outcome: null,
      stepsDone: 2,
      stepsTotal: 9,
    },
    custody: INCIDENT.custody,
  },
);
const ITEMS = new Map([CLEARED, SUSPECT].map((d) => [d.item.custodyId, d]));

async function rig(dpi: 203 | 300) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-labels-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = Store.open(path.join(dir, 'station.sqlite'));
  cleanups.push(() => store.close());
  const sim = new ZplPrinterSimulator();
  cleanups.push(() => sim.stop());
  await sim.start();
  const printer = new LabelPrinter(
    { id: 'zebra-1', name: 'Intake label printer', transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port }, statusPollMs: 200, replyTimeoutMs: 1000, dpi },
    { reconnect: { initialMs: 20, maxMs: 200 }, confirmPollMs: 20 },
  );
  cleanups.push(() => printer.stop());
  printer.start();
  await waitFor('printer online', () => printer.status.health === 'online');
  const errors: unknown[] = [];
  const queue = new PrintQueue(store, 'live', (id) => (id === printer.id ? printer : undefined), () => undefined, () => new Date(), { onError: (err) => errors.push(err) });
  cleanups.push(() => queue.stop());
  queue.start();
  const labels = new LabelService({
    itemDetail: (custodyId) => {
      const detail = ITEMS.get(custodyId);
      if (!detail) throw new StationFailure('NOT_FOUND', `No item ${custodyId}.`);
      return detail;
    },
    incident: (id) => {
      if (id !== INCIDENT.id) throw new StationFailure('NOT_FOUND', `No incident ${id}.`);
      return INCIDENT;
    },
    operatorName: (id) => NAMES.get(id) ?? null,
    siteName: () => 'Mail Center 4',
    queue,
    printer: () => printer,
  });
  return { store, sim, queue, labels, errors };
}

describe('LabelService + PrintQueue + LabelPrinter + ZPL simulator over TCP', () => {
  it.each([203, 300] as const)('prints a clearance and a custody label at %i dpi exactly as laid out, and marks a reprint', async (dpi) => {
    const { store, sim, queue, labels, errors } = await rig(dpi);

    const clearanceZpl = zplFromLayout(labels.preview('7KQ-M3X-9TZ', 'clearance', '4x6'), dpi);
    const custodyZpl = zplFromLayout(labels.preview('H2N-4PX-QW8', 'custody', '4x6'), dpi);
    expect(clearanceZpl).toContain(`^PW${4 * dpi}`);

    const clearance = labels.print('7KQ-M3X-9TZ', 'clearance', '4x6', OPERATOR);
    const custody = labels.print('H2N-4PX-QW8', 'custody', '4x6', COORDINATOR);
    expect(clearance).toMatchObject({ printerId: 'zebra-1', template: 'clearance', subject: '7KQ-M3X-9TZ', reprintOf: null });
    expect(custody).toMatchObject({ template: 'custody', subject: 'H2N-4PX-QW8', reprintOf: null });
    await waitFor('both printed', () => queue.get(custody.id)?.state === 'printed' && queue.get(clearance.id)?.state === 'printed', 10_000);
    expect(sim.printed()).toEqual([clearanceZpl, custodyZpl]);

    // What the custody label says came from the records: incident, seals, place, collector, hazard.
    // (Read as the printer will: ^FH escapes undone, wrapped lines joined.)
    const printed = [...custodyZpl.matchAll(/\^FD(.*?)\^FS/g)].map((m) => m[1]!.replace(/_([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).join(' ');
    // "Place found" is where the item was found, the screening station (issue 12, point 11), never the quarantine location.
    for (const words of ['INC-2025-0007', 'S-0012345, S-0012346', 'Place found Mail Center 4, screening station', 'Sam ^Okafor~', 'SUSPICIOUS SUBSTANCE', 'QA,H2N-4PX-QW8']) {
      expect(printed).toContain(words);
    }
    expect(printed).not.toContain('Screening room 1, bench B');
    expect(custodyZpl).toContain('Sam _5EOkafor_7E');
    // The clearance label names who cleared the item (the record), whoever printed it.
    expect(clearanceZpl).toContain('Operator: Zoë Ångström-Łukasiewicz');

    const reprint = labels.print('H2N-4PX-QW8', 'custody', '4x6', OPERATOR, { reprint: true });
    expect(reprint).toMatchObject({ template: 'custody', subject: 'H2N-4PX-QW8', reprintOf: custody.id });
    await waitFor('reprint printed', () => queue.get(reprint.id)?.state === 'printed', 10_000);
    expect(sim.printed()).toEqual([clearanceZpl, custodyZpl, custodyZpl]);

    const kinds = (id: number) => store.audit.eventsFor('print-job', String(id)).map((e) => e.kind);
    expect(kinds(clearance.id)).toEqual(['print.queued', 'print.started', 'print.printed']);
    expect(kinds(reprint.id)).toEqual(['print.reprinted', 'print.started', 'print.printed']);
    const queued = store.audit.eventsFor('print-job', String(custody.id))[0]!;
    const reprinted = store.audit.eventsFor('print-job', String(reprint.id))[0]!;
    expect(queued.actor).toBe('operator:op-2');
    expect(reprinted.actor).toBe('operator:op-1');
    expect(reprinted.payload).toMatchObject({ reprintOf: custody.id, zplSha256: (queued.payload as { zplSha256: string }).zplSha256 });
    expect(store.audit.verify().ok).toBe(true);
    expect(errors).toEqual([]);
  });

  it('prints the 2x1 labels too', async () => {
    const { sim, queue, labels } = await rig(203);
    const small = labels.print('H2N-4PX-QW8', 'custody', '2x1', OPERATOR);
    await waitFor('printed', () => queue.get(small.id)?.state === 'printed', 10_000);
    expect(sim.printed()).toEqual([zplFromLayout(labels.preview('H2N-4PX-QW8', 'custody', '2x1'), 203)]);
    expect(sim.printed()[0]).toContain('^PW406');
  });

  it('refuses labels the records do not support, and a reprint of nothing', async () => {
    const { labels, sim } = await rig(203);
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof StationFailure ? { code: err.code, message: err.message } : err;
      }
      return null;
    };
    expect(refusal(() => labels.preview('H2N-4PX-QW8', 'clearance', '4x6'))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/not been cleared/) });
    expect(refusal(() => labels.print('7KQ-M3X-9TZ', 'custody', '4x6', OPERATOR))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/not part of an incident/) });
    expect(refusal(() => labels.print('7KQ-M3X-9TZ', 'clearance', '4x6', OPERATOR, { reprint: true }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/nothing to reprint/) });
    expect(refusal(() => labels.preview('000-000-000', 'clearance', '4x6'))).toMatchObject({ code: 'NOT_FOUND' });
    // The clear step's draft: what the label will say if this operator clears the item now; never printed.
    const draft = labels.preview('H2N-4PX-QW8', 'clearance', '4x6', { draftFor: { operatorId: OPERATOR.id, at: '2026-11-28T10:00:00.000Z' } });
    expect(JSON.stringify(draft)).toContain('SCREENED');
    expect(sim.printed()).toEqual([]);
  });
});
