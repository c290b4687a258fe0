import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commands, ALL_ROLES, type CommandName, type Role } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

const ITEM = { custodyId: '000-000-000' };
const SECOND = { badge: 'NOBODY-1', pin: '9999' };

/** Arguments that pass each command's schema, so the matrix tests authorization and nothing else. */
const VALID_ARGS: Record<CommandName, unknown> = {
  'station.info': {},
  'session.setup': { badge: 'ADMIN-X', name: 'X', pin: '739154' },
  'session.login': { badge: 'NOBODY-1', pin: '0000' },
  'session.changePin': { badge: 'NOBODY-1', pin: '0000', newPin: '5179' },
  'session.current': {},
  'session.logout': {},
  'session.touch': {},
  'session.scanClaim': { waitingFor: 'badge' },
  'intake.scan': { code: 'MATRIX-1' },
  'intake.list': {},
  'device.list': {},
  'disk.status': {},
  'site.link': {},
  'demo.injectScan': { code: 'X1' },
  'operator.create': { badge: 'NEW-1', name: 'New', role: 'screener', pin: '5179' },
  'operator.list': {},
  'operator.unlock': { operatorId: 'nobody' },
  'operator.deactivate': { operatorId: 'nobody' },
  'operator.reactivate': { operatorId: 'nobody' },
  'operator.changeRole': { operatorId: 'nobody', role: 'screener' },
  'operator.resetPin': { operatorId: 'nobody', pin: '5179' },
  'training.record': { operatorId: 'nobody', kind: 'ppe', completedOn: '2026-01-01', expiresOn: '2027-01-01' },
  'site.settings': {},
  'site.update': { autoLockMinutes: 5 },
  'item.get': ITEM,
  'item.history': ITEM,
  'item.setDetails': { ...ITEM, itemType: 'letter' },
  'item.captureWeight': ITEM,
  'item.enterWeight': { ...ITEM, grams: 10, reason: 'scale broken' },
  'item.skipStep': { ...ITEM, step: 'weigh', reason: 'policy allows' },
  'item.inspect': { ...ITEM, indicators: [] },
  'item.markSuspect': { ...ITEM, incidentType: 'other', reason: 'it hums' },
  'xray.requestScan': ITEM,
  'xray.recordVerdict': { ...ITEM, verdict: 'clear' },
  'xray.secondReview': { ...ITEM, verdict: 'clear' },
  'item.clear': ITEM,
  'item.deliver': { ...ITEM, recipient: { kind: 'name', name: 'A. Person' }, confirmed: true },
  'item.return': { ...ITEM, reason: 'wrong address' },
  'item.void': { ...ITEM, reason: 'scanned by mistake' },
  'incident.list': {},
  'incident.get': { incidentId: 999 },
  'incident.acknowledgeStep': { incidentId: 999, stepId: 'x' },
  'incident.addPerson': { incidentId: 999, name: 'P', involvement: 'present' },
  'incident.addNotification': { incidentId: 999, agency: '911' },
  'incident.addWitnessStatement': { incidentId: 999, witnessName: 'W', statement: 'saw it' },
  'incident.recordResponders': { incidentId: 999, agency: 'Police' },
  'incident.recordDetails': { incidentId: 999, details: { location: 'desk' } },
  'incident.setOutcome': { incidentId: 999, outcome: 'hoax' },
  'incident.close': { incidentId: 999, secondOperator: SECOND },
  'custody.quarantine': { ...ITEM, location: 'room', sealNumbers: [], reason: 'isolate it' },
  'custody.transfer': { ...ITEM, receivedBy: { kind: 'external', name: 'Officer', agency: 'PD', badgeNumber: '1', identityChecked: true }, reason: 'hand over', sealNumbers: [], sealIntact: true },
  'custody.release': { ...ITEM, reason: 'benign', secondOperator: SECOND, sealIntact: true },
  'custody.destroy': { ...ITEM, reason: 'destroyed', secondOperator: SECOND },
  'custody.waitingHere': {},
  'custody.siteStations': {},
  'custody.receiveFromStation': { fromStation: 'ST-OTHER', custodyId: ITEM.custodyId, sealNumbers: ['S-1'], sealIntact: true },
  'drill.start': { scenario: 'other' },
  'search.items': { query: 'smith', limit: 10 },
  'dashboard.stats': { from: '2026-11-01', to: '2026-11-28' },
  'label.preview': { ...ITEM, template: 'clearance', size: '4x6' },
  'label.print': { ...ITEM, template: 'custody', size: '2x1' },
  'records.legalHold': { action: 'list' },
  'records.retention': { action: 'get' },
  'records.backupNow': {},
  'records.purgePreview': {},
  'report.incident': { incidentId: 999 },
  'report.custodyForm': ITEM,
  'report.dailyLog': { date: '2026-11-28', format: 'csv' },
  'audit.export': { from: '2026-11-01', to: '2026-11-28' },
  'device.discover': {},
  'device.live': {},
  'device.config': {},
  'device.configure': { devices: {} },
  'print.list': {},
  'print.reprint': { jobId: 999 },
  'sop.status': {},
  'sop.reload': {},
  'xray.image': { ...ITEM, scanId: 1 },
  'demo.scale': { grams: 100 },
  'demo.scaleAnswer': { answer: null },
  'demo.cabinet': { door: 'closed' },
  'demo.printer': { paperOut: false },
  'demo.plug': { deviceId: 'scale-sim', plugged: true },
  'directory.search': { query: 'smith' },
  'item.chooseRecipient': { ...ITEM, typedName: 'Ann Smith' },
  'directory.import': { fileName: 'people.csv', csvBase64: Buffer.from('name\nAnn').toString('base64'), apply: false },
  'directory.setDepartmentContacts': { department: 'Finance', contacts: [] },
  'directory.setProxy': { personKey: 'E1', proxyKey: 'E2', allowed: true },
  'collection.waiting': { personKey: 'E1' },
  'collection.handOver': { personKey: 'E1', custodyIds: [ITEM.custodyId], collector: { kind: 'recipient' } },
  'collection.checkIdNumber': { ...ITEM, idNumber: 'P 1234567' },
  'collection.signature': { sha256: 'a'.repeat(64) },
  'notices.returnToSender': {},
  'notices.securityAlerts': {},
  'notices.acknowledgeAlert': { incidentId: 1 },
  'review.siteQueue': {},
  'review.siteImage': { station: 'ST-OTHER', scanRef: 'X:1' },
  'review.answerSite': { station: 'ST-OTHER', verdictSeq: 1, ...ITEM, scanRef: 'X:1', verdict: 'clear' },
  'review.siteDissent': {},
};

let station: Station;
const connections = new Map<Role | 'none', StationConnection>();

beforeAll(async () => {
  station = makeStation();
  connections.set('none', station.connect());
  for (const role of ALL_ROLES) {
    const operator = await addOperator(station, role);
    const connection = station.connect();
    const login = await connection.call('session.login', { badge: operator.badge, pin: '2468' });
    expect(login.ok).toBe(true);
    connections.set(role, connection);
  }
});
afterAll(() => station.close());

describe('authorization matrix: every command x every role, and no session', () => {
  it('has sample arguments for every command', () => {
    expect(Object.keys(VALID_ARGS).sort()).toEqual([...COMMAND_NAMES].sort());
    for (const name of COMMAND_NAMES) expect(commands[name].request.safeParse(VALID_ARGS[name]).success, name).toBe(true);
  });

  for (const name of COMMAND_NAMES) {
    for (const who of ['none', ...ALL_ROLES] as const) {
      const roles = commands[name].roles;
      const allowed = roles === 'public' || (who !== 'none' && roles.includes(who));
      it(`${name} as ${who}: ${allowed ? 'authorized' : 'refused'}`, async () => {
        // Logging out or in would change the shared sessions; those are covered by their own tests.
        if (allowed && (name === 'session.logout' || name === 'session.login' || name === 'session.setup')) return expect(roles).toBe('public');
        const result = await connections.get(who)!.call(name, VALID_ARGS[name]);
        if (allowed) {
          if (!result.ok) expect(['NOT_AUTHENTICATED', 'FORBIDDEN'].includes(result.error.code) && /may not do this|station is locked/.test(result.error.message)).toBe(false);
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.code).toBe(who === 'none' ? 'NOT_AUTHENTICATED' : 'FORBIDDEN');
        }
      });
    }
  }
});
