import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult, IncidentView, ItemDetail } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { reportSources } from '../../src/main/core/reportSources.ts';
import { ReportService } from '../../src/main/reports/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';
import { pdfText } from '../helpers/pdfText.ts';

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

let station: Station | undefined;
afterEach(() => station?.close());

/** A padded envelope weighed, then marked SUSPECT from the inspection checklist with two indicators ticked (no inspection recorded first). */
async function suspectFromInspection() {
  station = makeStation();
  const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
  const screen = station.connect();
  must(await screen.call('session.login', { badge: coordinator.badge, pin: '2468' }), 'login');
  const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: '1Z5R89390357567127' }), 'scan').item.custodyId;
  must(await screen.call('item.setDetails', { custodyId, itemType: 'padded-envelope' }), 'details');
  must(await screen.call('item.enterWeight', { custodyId, grams: 180, reason: 'Scale out for service' }), 'weigh');
  const { incident } = must<{ incident: IncidentView }>(
    await screen.call('item.markSuspect', { custodyId, incidentType: 'suspiciousSubstance', reason: 'Powder at a corner', indicators: ['P84-01', 'P84-02'] }),
    'suspect',
  );
  return { station, screen, custodyId, incident };
}

describe('indicators ticked on the SUSPECT form (issue 12, point 7)', () => {
  it('are the item’s inspection: the item page shows them and links to the incident', async () => {
    const { screen, custodyId, incident } = await suspectFromInspection();
    const { detail } = must<{ detail: ItemDetail }>(await screen.call('item.get', { custodyId }), 'get');
    expect(detail.inspection).toMatchObject({ indicators: ['P84-01', 'P84-02'], operatorId: 'op-coordinator-COORD-1' });
    expect(detail.inspection!.notes).toContain('Powder at a corner');
    expect(detail.incident).toMatchObject({ id: incident.id, number: incident.number });
  });

  it('are on the incident report in words, with the item’s type and state in the words the screens use', async () => {
    const { station: built, incident } = await suspectFromInspection();
    const reports = new ReportService(reportSources(built.workflow), built.incidents);
    const file = await reports.incidentReport(incident.id, { actor: 'operator:test', name: 'Test' });
    const text = pdfText(file.bytes);
    expect(text).not.toContain('Indicators ticked None recorded');
    expect(text).toContain('Indicators ticked No return address; Restrictive markings State now Suspect');
    expect(text).toContain('Padded envelope');
    expect(text).toContain('Carrier / tracking UPS · 1Z5R89390357567127');
    expect(text).not.toMatch(/padded-envelope|SUSPECT|P84-0[12]/);
  });
});
