// Issue 11, point 3: every audit event the station writes fits the catalog of kinds, as the code
// writes it (every field, not the lenient reading of stored events).
import { afterAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { verifyStore } from '../../src/main/store/verifyStore.ts';
import { auditEventCatalog, isAuditKind, readAuditEvent, type AuditEvent, type CommandResult, type ItemDetail, type PrintJob } from '../../src/shared/contract/index.ts';
import { buildScenario, ADMIN, CORA, REPORT_DATE, ZOE } from '../fixtures/reports/scenario.ts';
import { tempDir } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function as(station: Station, who: { badge: string; pin: string }): Promise<StationConnection> {
  const screen = station.connect();
  ok(await screen.call('session.login', { badge: who.badge, pin: who.pin }), `login ${who.badge}`);
  return screen;
}

/** Each event that does not fit its kind's schema as written, in one line: empty when all fit. */
function misfits(events: Iterable<AuditEvent>): string[] {
  const found: string[] = [];
  for (const event of events) {
    if (!isAuditKind(event.kind)) {
      found.push(`${event.seq} ${event.kind}: not in the catalog`);
      continue;
    }
    const entry = auditEventCatalog[event.kind];
    if (!(entry.subjectTypes as readonly string[]).includes(event.subjectType)) found.push(`${event.seq} ${event.kind}: subject ${event.subjectType}`);
    const parsed = entry.payload.safeParse(event.payload);
    if (!parsed.success) found.push(`${event.seq} ${event.kind}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const reading = readAuditEvent(event);
    if (!reading.ok || reading.unchecked.length > 0) found.push(`${event.seq} ${event.kind}: read as ${JSON.stringify(reading)}`);
  }
  return found;
}

let running: RunningStation | undefined;
afterAll(async () => {
  await running?.close();
});

describe('the audit event catalog', () => {
  it('fits every event of the report scenario and of the records, reports and sessions around it', async () => {
    const s = await buildScenario();
    const admin = await as(s.station, ADMIN);
    const cora = await as(s.station, CORA);
    ok(await admin.call('report.incident', { incidentId: s.incidentId }), 'incident report');
    ok(await admin.call('report.custodyForm', { custodyId: s.custodyId }), 'custody form');
    ok(await admin.call('report.dailyLog', { date: REPORT_DATE, format: 'csv' }), 'daily log');
    ok(await admin.call('audit.export', { from: REPORT_DATE, to: REPORT_DATE }), 'audit export');
    const placed = ok<{ holds: Array<{ id: number }> }>(await cora.call('records.legalHold', { action: 'place', subject: { type: 'item', custodyId: s.letterId }, reason: 'Subpoena 42' }), 'hold');
    ok(await cora.call('records.legalHold', { action: 'place', subject: { type: 'incident', incidentId: s.incidentId }, reason: 'Subpoena 42' }), 'hold incident');
    ok(await cora.call('records.legalHold', { action: 'release', holdId: placed.holds[0]!.id, reason: 'Case closed' }), 'release hold');
    ok(await admin.call('records.retention', { action: 'set', policy: { items: 400, images: 90 } }), 'retention');
    ok(await admin.call('site.update', { siteName: 'Riverside Mail Center' }), 'site');
    ok(await cora.call('item.deliver', { custodyId: s.letterId, recipient: { kind: 'name', name: 'Payroll' }, confirmed: true }), 'deliver');
    const wrong = s.station.connect();
    expect((await wrong.call('session.login', { badge: ZOE.badge, pin: '0000' })).ok).toBe(false);
    ok(await cora.call('session.logout', {}), 'logout');

    const events = [...s.station.store.audit.events()];
    expect(misfits(events)).toEqual([]);
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['station.initialized', 'operator.created', 'operator.loginRefused', 'operator.loggedOut', 'site.settingsChanged', 'item.received', 'item.delivered', 'incident.opened', 'incident.closed', 'custody.quarantined', 'custody.handedOver', 'drill.started', 'report.generated', 'audit.exported', 'records.holdPlaced', 'records.holdReleased', 'records.retentionChanged']) {
      expect(kinds, kind).toContain(kind);
    }
    const verdict = verifyStore(s.station.store.db);
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.catalogWarnings).toBeUndefined();
    s.station.close();
  }, 120_000);

  it('fits every event of a parcel screened on the demo devices: scale, X-ray cabinet, label printer', async () => {
    running = await startStation({ dataDir: tempDir(), demo: true });
    const screen = running.endpoint.connect();
    const setup = ok<{ operator: { id: string } }>(await screen.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '739154' }), 'setup');
    ok(await screen.call('training.record', { operatorId: setup.operator.id, kind: 'xrayOperator', completedOn: '2026-01-01', expiresOn: '2099-01-01' }), 'training');
    await waitFor('the demo devices online', async () => {
      const list = ok<{ devices: Array<{ health: string }> }>(await screen.call('device.list', {}), 'devices').devices;
      return list.length === 4 && list.every((d) => d.health === 'online');
    }, 30_000);
    ok(await screen.call('demo.injectScan', { code: '1Z5R89390357567127' }), 'scan');
    const { custodyId } = await waitFor('the scanned item', async () => ok<{ items: Array<{ custodyId: string }> }>(await screen.call('intake.list', {}), 'list').items[0], 15_000);
    ok(await screen.call('item.setDetails', { custodyId, itemType: 'parcel', recipient: 'Legal dept.' }), 'details');
    ok(await screen.call('demo.scale', { grams: 1234 }), 'place');
    await waitFor('a stable reading', async () => {
      const r = await screen.call('item.captureWeight', { custodyId });
      return r.ok ? r : undefined;
    }, 15_000);
    ok(await screen.call('item.inspect', { custodyId, indicators: [] }), 'inspect');
    await waitFor('the cabinet to accept a scan', async () => {
      const r = await screen.call('xray.requestScan', { custodyId });
      return r.ok ? r : undefined;
    }, 15_000);
    await waitFor('the cabinet image', async () => ok<{ detail: ItemDetail }>(await screen.call('item.get', { custodyId }), 'get').detail.xrayScans[0]?.imageSha256 ?? undefined, 20_000);
    ok(await screen.call('xray.recordVerdict', { custodyId, verdict: 'clear', findings: [] }), 'verdict');
    ok(await screen.call('item.clear', { custodyId }), 'clear');
    const job = await waitFor('the clearance label printed', async () => {
      const jobs = ok<{ jobs: PrintJob[] }>(await screen.call('print.list', {}), 'jobs').jobs;
      return jobs.find((j) => j.subject === custodyId && j.state === 'printed');
    }, 20_000);
    ok(await screen.call('print.reprint', { jobId: job.id }), 'reprint');
    ok(await screen.call('item.return', { custodyId, reason: 'Refused by the recipient' }), 'return');

    const events = [...running.station.store.audit.events()];
    expect(misfits(events)).toEqual([]);
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['training.recorded', 'item.weighed', 'item.inspected', 'xray.scanRequested', 'xray.imageCaptured', 'xray.verdictRecorded', 'item.cleared', 'print.queued', 'print.started', 'print.printed', 'print.reprinted', 'item.returned']) {
      expect(kinds, kind).toContain(kind);
    }
  }, 120_000);
});
