import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult, IncidentView } from '../../src/shared/contract/index.ts';
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

const by = { actor: 'operator:test', name: 'Test' };
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** A UPS padded envelope, suspect, quarantined and handed over to the police: every paper about it. */
async function handedOverEnvelope() {
  station = makeStation();
  const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
  const screen = station.connect();
  must(await screen.call('session.login', { badge: coordinator.badge, pin: '2468' }), 'login');
  const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: '1Z5R89390357567127' }), 'scan').item.custodyId;
  must(await screen.call('item.setDetails', { custodyId, itemType: 'padded-envelope' }), 'details');
  const { incident } = must<{ incident: IncidentView }>(await screen.call('item.markSuspect', { custodyId, incidentType: 'possibleExplosive', reason: 'Wires showing', indicators: [] }), 'suspect');
  must(await screen.call('custody.quarantine', { custodyId, location: 'Blast room', sealNumbers: ['S-1'], reason: 'Isolate' }), 'quarantine');
  must(
    await screen.call('custody.transfer', {
      custodyId,
      receivedBy: { kind: 'external', name: 'Sgt. Ortiz', agency: 'City police bomb squad', badgeNumber: 'BS-7', identityChecked: true },
      reason: 'Police take it',
      sealNumbers: ['S-1'],
      sealIntact: true,
    }),
    'hand over',
  );
  const reports = new ReportService(reportSources(station.workflow), station.incidents);
  return { reports, custodyId, incident };
}

// What the screens never show: a stored value in the schema's spelling.
const RAW = /padded-envelope|padded-\s*envelope|HANDED_OVER|HANDED OVER|\bups\b|possibleExplosive|handOver/;

describe('papers in the words of the screens (issue 12, point 12)', () => {
  it('the custody form, the incident report and the daily log say "Padded envelope", "Handed over", "UPS"', async () => {
    const { reports, custodyId, incident } = await handedOverEnvelope();
    const custody = pdfText((await reports.custodyForm(custodyId, by)).bytes);
    expect(custody).toContain('Item type: Padded envelope');
    expect(custody).toContain('Carrier: UPS, tracking 1Z5R89390357567127');
    expect(custody).toContain('Current state Handed over');
    expect(custody).toContain('Handed over to responders');
    expect(custody).not.toMatch(RAW);

    const report = pdfText((await reports.incidentReport(incident.id, by)).bytes);
    expect(report).toContain('Item type Padded envelope');
    expect(report).toContain('State now Handed over');
    expect(report).toContain('Type Possible explosive device');
    expect(report).not.toMatch(RAW);

    const daily = pdfText((await reports.dailyLog(today(), 'pdf', by)).bytes);
    expect(daily).toContain('Padded envelope');
    expect(daily).toContain('Handed over');
    expect(daily).toContain('UPS 1Z5R89390357567127');
    // The longest tracking numbers (22 digits) stay whole too.
    expect(daily).not.toMatch(/envelop e|Quarantin ed/);
    expect(daily).not.toMatch(RAW);
  });
});
