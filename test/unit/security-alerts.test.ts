// Issue 14, point 2: a suspect item alerts the security coordinators on their screens, until each
// acknowledges it. The alert is every open incident a coordinator has not acknowledged; the
// acknowledgement is audited as theirs, so it survives a reload or a restart and says who saw it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { verifyStore } from '../../src/main/store/index.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { addOperator, coordinatorScreen, makeStation, quarantinedSuspectParcel } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

type Alerts = { alerts: Array<{ incidentId: number; incidentNumber: string; custodyId: string }> };

describe('the security coordinator’s on-screen alert', () => {
  it('stays for each coordinator until they acknowledge it (audited once as theirs); a screener neither sees nor acknowledges it', async () => {
    station = makeStation();
    const s = station;
    const screen = await coordinatorScreen(s);
    expect(must<Alerts>(await screen.call('notices.securityAlerts', {}), 'none yet').alerts).toEqual([]);
    const { custodyId, incidentId } = await quarantinedSuspectParcel(screen);
    const incidentNumber = s.workflow.item(custodyId).incidentNumber!;
    expect(must<Alerts>(await screen.call('notices.securityAlerts', {}), 'alerts').alerts).toEqual([expect.objectContaining({ incidentId, incidentNumber, custodyId })]);
    // A second screen of the same coordinator (a reload) still has it.
    expect(must<Alerts>(await screen.call('notices.securityAlerts', {}), 'again').alerts).toHaveLength(1);

    must(await screen.call('notices.acknowledgeAlert', { incidentId }), 'acknowledge');
    must(await screen.call('notices.acknowledgeAlert', { incidentId }), 'acknowledge again');
    expect(must<Alerts>(await screen.call('notices.securityAlerts', {}), 'after').alerts).toEqual([]);
    const acks = s.store.db.prepare("SELECT actor, subject_id AS subjectId FROM audit_events WHERE kind = 'incident.alertAcknowledged'").all();
    expect(acks).toEqual([{ actor: 'operator:op-coordinator-COORD-1', subjectId: incidentNumber }]);
    expect(verifyStore(s.store.db)).toMatchObject({ ok: true, problems: [] });

    // Another coordinator has not seen it: it is on their screen.
    const other = await addOperator(s, 'coordinator', 'COORD-2');
    const otherScreen = s.connect();
    must(await otherScreen.call('session.login', { badge: other.badge, pin: '2468' }), 'login');
    expect(must<Alerts>(await otherScreen.call('notices.securityAlerts', {}), 'other').alerts).toEqual([expect.objectContaining({ incidentId })]);

    const screener = await addOperator(s, 'screener', 'SCR-1');
    const screenerScreen = s.connect();
    must(await screenerScreen.call('session.login', { badge: screener.badge, pin: '2468' }), 'login');
    expect(await screenerScreen.call('notices.securityAlerts', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await screenerScreen.call('notices.acknowledgeAlert', { incidentId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses to acknowledge an incident that is not open', async () => {
    station = makeStation();
    const screen = await coordinatorScreen(station);
    expect(await screen.call('notices.acknowledgeAlert', { incidentId: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
