// The station's copy of the site roster against a roster that says odd things (a fake SiteRoster,
// no PostgreSQL): a change this version cannot read does not hold back the ones after it; a change
// that would take a local operator's badge, or rename an operator, is not applied; a transaction
// held open across an await is never joined; a site that cannot be reached leaves the copy as it is.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lineLog } from '../../src/main/log.ts';
import { RosterSync, rosterCursor, type RosterChange, type SiteRoster } from '../../src/main/site/index.ts';
import { Store } from '../../src/main/store/index.ts';
import { checkStateHere } from '../../src/main/store/verifyStore.ts';
import { tempDir } from '../helpers/station.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

class ListRoster implements SiteRoster {
  readonly changes: RosterChange[] = [];
  reachable = true;
  async changesAfter(seq: number, limit: number): Promise<RosterChange[]> {
    await Promise.resolve();
    if (!this.reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    return this.changes.filter((change) => change.seq > seq).slice(0, limit);
  }
  async close(): Promise<void> {}
}

const operator = (seq: number, id: string, badge: string, role: 'screener' | 'admin' = 'screener', name = `Name ${badge}`): RosterChange => ({
  seq,
  at: new Date().toISOString(),
  by: 'site_admin',
  change: 'operator',
  operator: { id, badge, name, role, pinSalt: 'c2FsdA==', pinHash: 'aGFzaA==', active: true },
});

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function harness() {
  const store = Store.open(path.join(tempDir('mailscreen-roster-sync-'), 'station.sqlite'));
  stores.push(store);
  const roster = new ListRoster();
  const lines: string[] = [];
  const sync = new RosterSync({ store, roster, mode: 'live', log: lineLog('site roster', (_level, line) => lines.push(line)), redact: (text) => text, pollMs: 3_600_000 });
  const pass = async () => {
    sync.start();
    sync.wake();
    await sync.idle();
  };
  return { store, roster, lines, sync, pass };
}

describe('the station\'s copy of the site roster', () => {
  it('passes over a change it cannot read and applies the ones after it', async () => {
    const { store, roster, lines, pass, sync } = harness();
    roster.changes.push({ seq: 1, at: new Date().toISOString(), by: 'site_admin', change: 'unreadable', kind: 'badgePhoto' }, operator(2, ID(1), 'B-1'));
    await pass();
    expect(store.operators.byId(ID(1))).toMatchObject({ badge: 'B-1', role: 'screener' });
    expect(rosterCursor(store)).toBe(2);
    expect(lines.join('\n')).toMatch(/site roster change 1 is not applied here: a badgePhoto change this version of Mailscreen cannot read/);
    await sync.stop();
  });

  it('does not give a local operator\'s badge to a roster operator, nor rename one: logged, nothing recorded; a later change of them is tried again', async () => {
    const { store, roster, lines, pass, sync } = harness();
    store.transaction(() => store.operators.insert({ id: ID(7), badge: 'LOCAL-7', name: 'Local Lou', role: 'admin', pinSalt: 's', pinHash: 'h', failedAttempts: 0, lockedUntil: null, createdAt: new Date().toISOString() }));
    const before = store.db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number };
    roster.changes.push(operator(1, ID(8), 'LOCAL-7', 'admin'), operator(2, ID(7), 'LOCAL-7', 'screener', 'Someone Else'));
    await pass();
    expect(store.operators.byId(ID(8))).toBeNull();
    expect(store.operators.byId(ID(7))).toMatchObject({ name: 'Local Lou', role: 'admin' });
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual(before);
    expect(lines.join('\n')).toMatch(/badge LOCAL-7 belongs to another operator at this station \(Local Lou\)/);
    expect(lines.join('\n')).toMatch(/a badge or name is not changed through the roster/);
    // The local operator's badge given back (deactivated and re-badged is an admin's act; here the row goes): the next change of the roster's operator applies.
    store.db.prepare("UPDATE operators SET badge = 'LOCAL-7-OLD' WHERE id = ?").run(ID(7));
    roster.changes.push(operator(3, ID(8), 'LOCAL-7', 'admin'));
    await pass();
    expect(store.operators.byId(ID(8))).toMatchObject({ badge: 'LOCAL-7', role: 'admin' });
    await sync.stop();
  });

  it('never applies a change inside a transaction someone holds open; applies it once the transaction is over', async () => {
    const { store, roster, pass, sync } = harness();
    roster.changes.push(operator(1, ID(2), 'B-2'));
    store.db.exec('BEGIN');
    await pass();
    // Read on the same connection, inside the open transaction: nothing of the roster joined it.
    expect(store.operators.byId(ID(2))).toBeNull();
    store.db.exec('ROLLBACK');
    await pass();
    expect(store.operators.byId(ID(2))).not.toBeNull();
    await sync.stop();
  });

  it('keeps its copy while the site is not reached, and says so once; the changes come when it is', async () => {
    const { store, roster, lines, pass, sync } = harness();
    roster.changes.push(operator(1, ID(3), 'B-3'));
    await pass();
    roster.reachable = false;
    roster.changes.push(operator(2, ID(3), 'B-3', 'admin'));
    await pass();
    await pass();
    expect(store.operators.byId(ID(3))).toMatchObject({ role: 'screener' });
    expect(lines.filter((line) => /not read now/.test(line))).toHaveLength(1);
    roster.reachable = true;
    await pass();
    expect(store.operators.byId(ID(3))).toMatchObject({ role: 'admin' });
    expect(checkStateHere(store.db, undefined, null).state.problems).toEqual([]);
    await sync.stop();
  });
});
