import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult, IncidentView } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import { reportSources } from '../../src/main/core/reportSources.ts';
import { ReportService } from '../../src/main/reports/index.ts';
import { verifyStore } from '../../src/main/store/index.ts';
import { missingStepRecords, type IncidentRecordSoFar } from '../../src/main/workflow/index.ts';
import type { SopStep } from '../../src/shared/domain/index.ts';
import { addOperator, auditCount, makeStation } from '../helpers/station.ts';
import { pdfText } from '../helpers/pdfText.ts';

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

let station: Station | undefined;
afterEach(() => station?.close());

/** A powder letter's incident, opened by a coordinator: its protocol has "List everyone present…" and "Call 911". */
async function powderIncident() {
  station = makeStation();
  const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
  const screen = station.connect();
  must(await screen.call('session.login', { badge: coordinator.badge, pin: '2468' }), 'login');
  const custodyId = must<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: 'POWDER-LETTER' }), 'scan').item.custodyId;
  const { incident } = must<{ incident: IncidentView }>(await screen.call('item.markSuspect', { custodyId, incidentType: 'suspiciousSubstance', reason: 'Powder', indicators: [] }), 'suspect');
  const step = (view: IncidentView, id: string) => view.steps.find((s) => s.id === id)!;
  return { station, screen, incident, step, I: { incidentId: incident.id } };
}

const EMPTY: IncidentRecordSoFar = { persons: [], notifications: [], witnessStatements: [], responders: [], details: {}, custody: [] };
const base = { title: 'T', instructions: 'I', critical: true };

describe('the record a protocol step asks for (issue 12, point 8)', () => {
  it('names what each kind of step still lacks, and nothing for action and decision steps', () => {
    const persons: SopStep = { ...base, id: 'persons', kind: 'record', records: ['personsPresent', 'personsHandled'] };
    const call911: SopStep = { ...base, id: 'call-911', kind: 'notify', agency: '911' };
    const seal: SopStep = { ...base, id: 'seal', kind: 'record', records: ['seal'] };
    expect(missingStepRecords(persons, EMPTY)).toEqual(['at least one person who was present', 'at least one person who handled the item']);
    const presentOnly = { ...EMPTY, persons: [{ name: 'A', involvement: 'present' as const, contact: null, recordedAt: '2026-01-01T00:00:00.000Z' }] };
    expect(missingStepRecords(persons, presentOnly)).toEqual(['at least one person who handled the item']);
    const both = { ...EMPTY, persons: [{ name: 'A', involvement: 'both' as const, contact: null, recordedAt: '2026-01-01T00:00:00.000Z' }] };
    expect(missingStepRecords(persons, both)).toEqual([]);
    expect(missingStepRecords(call911, EMPTY)).toEqual(['a logged call to 911 (police, fire, hazmat)']);
    const note = (agency: string, stepId?: string) => ({ ...EMPTY, notifications: [{ agency, notifiedAt: '2026-01-01T00:00:00.000Z', reference: null, notes: '', recordedAt: '2026-01-01T00:00:00.000Z', ...(stepId ? { stepId } : {}) }] });
    expect(missingStepRecords(call911, note('911'))).toEqual([]);
    expect(missingStepRecords(call911, note('Fire brigade', 'call-911'))).toEqual([]);
    expect(missingStepRecords(call911, note('USPIS'))).toHaveLength(1);
    expect(missingStepRecords({ ...base, id: 'uspis', kind: 'notify', agency: 'USPIS' }, note('U.S. Postal Inspection Service'))).toEqual([]);
    expect(missingStepRecords(seal, { ...EMPTY, custody: [] })).toEqual(['a seal number (record the custody with its seal)']);
    expect(missingStepRecords({ ...base, id: 'a', kind: 'action' }, EMPTY)).toEqual([]);
    expect(missingStepRecords({ ...base, id: 'd', kind: 'decision' }, EMPTY)).toEqual([]);
    expect(missingStepRecords({ ...base, id: 'doc', kind: 'record', records: ['documentation'] }, { ...EMPTY, details: { location: '  ' } })).toHaveLength(1);
  });

  it('main refuses "List everyone present" with nobody listed, and "Call 911" with no call logged: nothing is recorded', async () => {
    const { station: built, screen, I } = await powderIncident();
    const before = auditCount(built);
    const persons = await screen.call('incident.acknowledgeStep', { ...I, stepId: 'persons-present-handled', note: '' });
    expect(persons).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('at least one person who was present; at least one person who handled the item') } });
    const call = await screen.call('incident.acknowledgeStep', { ...I, stepId: 'call-911', note: 'called' });
    expect(call).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('a logged call to 911') } });
    expect(auditCount(built)).toBe(before);
    const view = must<{ incident: IncidentView }>(await screen.call('incident.get', I), 'get').incident;
    expect(view.stepsDone).toBe(0);
    expect(view.steps.find((s) => s.id === 'call-911')).toMatchObject({ acknowledgedAt: null, recordsMissing: ['a logged call to 911 (police, fire, hazmat)'] });
  });

  it('the step is done once its record is there: people listed, the call logged from the step', async () => {
    const { screen, I, step } = await powderIncident();
    must(await screen.call('incident.addPerson', { ...I, name: 'Zoë Ørsted', involvement: 'handled', contact: null }), 'person');
    const half = await screen.call('incident.acknowledgeStep', { ...I, stepId: 'persons-present-handled', note: '' });
    expect(half).toMatchObject({ ok: false, error: { message: expect.stringContaining('at least one person who was present') } });
    must(await screen.call('incident.addPerson', { ...I, name: 'Łukasz Wróbel', involvement: 'present', contact: null }), 'person');
    const persons = must<{ incident: IncidentView }>(await screen.call('incident.acknowledgeStep', { ...I, stepId: 'persons-present-handled', note: '' }), 'ack persons').incident;
    expect(step(persons, 'persons-present-handled')).toMatchObject({ recordsMissing: [], couldNotBecause: null });
    expect(step(persons, 'persons-present-handled').acknowledgedAt).not.toBeNull();
    must(await screen.call('incident.addNotification', { ...I, agency: 'County dispatch', reference: 'CAD-1', notes: '', stepId: 'call-911' }), 'notify');
    const called = must<{ incident: IncidentView }>(await screen.call('incident.acknowledgeStep', { ...I, stepId: 'call-911', note: '' }), 'ack 911').incident;
    expect(step(called, 'call-911').acknowledgedAt).not.toBeNull();
    // A call logged "for" a step that is not a notify step of this protocol is refused.
    const wrong = await screen.call('incident.addNotification', { ...I, agency: 'X', reference: null, notes: '', stepId: 'persons-present-handled' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
  });

  it('or is done with "could not, because …", which the view, the report and verify keep', async () => {
    const { station: built, screen, I, step, incident } = await powderIncident();
    const tooShort = await screen.call('incident.acknowledgeStep', { ...I, stepId: 'call-911', note: '', couldNotBecause: ' ' });
    expect(tooShort).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    const done = must<{ incident: IncidentView }>(
      await screen.call('incident.acknowledgeStep', { ...I, stepId: 'call-911', note: '', couldNotBecause: 'No phone line in the building; the coordinator ran to the guard post' }),
      'ack could not',
    ).incident;
    expect(step(done, 'call-911')).toMatchObject({ couldNotBecause: 'No phone line in the building; the coordinator ran to the guard post' });
    expect(built.store.audit.eventsFor('incident', incident.number).at(-1)).toMatchObject({
      kind: 'incident.stepAcknowledged',
      payload: { stepId: 'call-911', couldNotBecause: 'No phone line in the building; the coordinator ran to the guard post' },
    });
    const reports = new ReportService(reportSources(built.workflow), built.incidents);
    const text = pdfText((await reports.incidentReport(incident.id, { actor: 'operator:test', name: 'Test' })).bytes);
    expect(text).toContain('RECORD NOT MADE (a logged call to 911 (police, fire, hazmat)) because: No phone line in the building; the coordinator ran to the guard post');
    expect(text).toContain('Steps done without the record their protocol asks for (1)');
    const verdict = verifyStore(built.store.db);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    // verify compares the column: a reason edited behind the station's back is caught.
    built.store.db.prepare("UPDATE incident_steps SET could_not_because = 'made up' WHERE step_id = 'call-911'").run();
    expect(verifyStore(built.store.db).problems).toEqual([expect.objectContaining({ table: 'incident_steps', column: 'could_not_because' })]);
  });
});
