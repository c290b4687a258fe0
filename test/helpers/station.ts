import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Station, type StationOptions } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { Store } from '../../src/main/store/index.ts';
import type { Operator, Role } from '../../src/shared/contract/index.ts';
import { hashPin } from '../../src/main/core/pin.ts';
import { Session } from '../../src/main/commands/index.ts';
import { SopLibrary } from '../../src/main/core/sopLibrary.ts';
import { uncatalogued } from './auditEvents.ts';

export function tempDir(prefix = 'mailscreen-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A station on a fresh database file, validating every response against the contract. */
export function makeStation(options: { mode?: 'live' | 'demo'; dbPath?: string; now?: () => Date } & Partial<StationOptions> = {}): Station {
  const dir = tempDir();
  const dbPath = options.dbPath ?? path.join(dir, 'station.sqlite');
  return new Station({
    protocols: new SopLibrary({ dataDir: dir, log: () => undefined }),
    idleCheckMs: 0,
    // Most tests drive several operators' screens side by side; the one-operator rule has its own tests.
    oneOperatorAtATime: false,
    ...options,
    store: Store.open(dbPath),
    mode: options.mode ?? 'live',
    version: 'test',
    simulatedDevices: false,
    validateContract: true,
  });
}

/** Adds an operator straight into the store (with its audit event), as an admin screen later will. */
export async function addOperator(station: Station, role: Role, badge = `BADGE-${role}`, pin = '2468'): Promise<Operator> {
  const { salt, hash } = await hashPin(pin);
  const operator = { id: `op-${role}-${badge}`, badge, name: `Test ${role}`, role };
  station.store.transaction(() => {
    station.store.operators.insert({ ...operator, pinSalt: salt, pinHash: hash, failedAttempts: 0, lockedUntil: null, createdAt: new Date().toISOString() });
    // As tests always have: only the role (a real operator.created carries badge, name and how it was made).
    station.store.audit.append(uncatalogued({ actor: 'test', kind: 'operator.created', subjectType: 'operator', subjectId: operator.id, mode: 'live', payload: { role } }));
  });
  return operator;
}

/** A new screen of the station with a coordinator (badge COORD-1) logged in on it. */
export async function coordinatorScreen(station: Station): Promise<StationConnection> {
  const coordinator = await addOperator(station, 'coordinator', 'COORD-1');
  const screen = station.connect();
  const login = await screen.call('session.login', { badge: coordinator.badge, pin: '2468' });
  if (!login.ok) throw new Error(`the coordinator could not log in: ${login.error.code} ${login.error.message}`);
  return screen;
}

export function sessionAs(operator: Operator | null): Session {
  const session = new Session();
  if (operator) session.logIn(operator);
  return session;
}

export function auditCount(station: Station): number {
  return (station.store.db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
}

/**
 * A suspect parcel taken in, marked SUSPECT and quarantined under seal S-1 by whoever is logged in
 * on `screen` (a coordinator): the start of every custody and incident test.
 */
export async function quarantinedSuspectParcel(screen: StationConnection): Promise<{ custodyId: string; incidentId: number }> {
  const scanned = await screen.call('intake.scan', { code: 'SUSPECT-PARCEL' });
  const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
  const suspect = await screen.call('item.markSuspect', { custodyId, incidentType: 'other', reason: 'Strange odour' });
  const incidentId = (suspect as { value: { incident: { id: number } } }).value.incident.id;
  await screen.call('custody.quarantine', { custodyId, location: 'Isolation room', sealNumbers: ['S-1'], reason: 'Isolate' });
  return { custodyId, incidentId };
}
