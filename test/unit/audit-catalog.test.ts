// Issue 11, points 3 and 7: the catalog of audit event kinds types what is appended and reads what
// is stored; an event it cannot read (an older or newer version's) never breaks history or verify.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/store/index.ts';
import { auditHash } from '../../src/main/store/auditChain.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { verifyStore } from '../../src/main/store/verifyStore.ts';
import type { Station } from '../../src/main/core/station.ts';
import { readAuditEvent, type AuditEvent, type CommandResult } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation, tempDir } from '../helpers/station.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

let store: Store | undefined;
let station: Station | undefined;
afterEach(() => {
  store?.close();
  station?.close();
  store = undefined;
  station = undefined;
});

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A station with one item received through intake, and a screener logged in. */
async function stationWithItem(): Promise<{ custodyId: string; history: () => Promise<AuditEvent[]> }> {
  station = makeStation();
  const screener = await addOperator(station, 'screener', 'SCR-1');
  const screen = station.connect();
  ok(await screen.call('session.login', { badge: screener.badge, pin: '2468' }), 'login');
  const custodyId = ok<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: 'RB123456785GB' }), 'scan').item.custodyId;
  return { custodyId, history: async () => ok<{ events: AuditEvent[] }>(await screen.call('item.history', { custodyId }), 'history').events };
}

describe('appending through the catalog', () => {
  it('a payload that does not fit its kind, or a kind not in the catalog, does not compile', () => {
    store = Store.open(path.join(tempDir(), 'typed.sqlite'));
    const s = store;
    const at = { actor: 'operator:a', subjectType: 'item', subjectId: 'X', mode: 'live' } as const;
    // Each line below is a type error; the test fails to typecheck if one compiles (the append was untyped before issue 11).
    expect(() =>
      s.transaction(() => {
        // @ts-expect-error grams is a number, not text
        s.audit.append({ ...at, kind: 'item.weighed', payload: { from: 'RECEIVED', to: 'WEIGHED', grams: '12', source: 'scale' } });
        // @ts-expect-error a skipped step says which step and why
        s.audit.append({ ...at, kind: 'item.stepSkipped', payload: { from: 'RECEIVED', to: 'WEIGHED' } });
        // @ts-expect-error no such kind
        s.audit.append({ ...at, kind: 'item.teleported', payload: {} });
        // @ts-expect-error a field the kind does not have
        s.audit.append({ ...at, kind: 'xray.scanRefused', payload: { scanRef: 'S1', reason: 'door open', operatorPin: '1234' } });
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect([...s.audit.events()].map((e) => e.kind)).toEqual(['station.initialized']);
  });
});

describe('reading stored events with the catalog', () => {
  const event = (kind: string, payload: Record<string, unknown>, subjectType: AuditEvent['subjectType'] = 'item'): AuditEvent => ({
    seq: 7,
    at: '2026-03-14T09:00:00.000Z',
    actor: 'station',
    station: 'ST-1',
    kind,
    subjectType,
    subjectId: 'X',
    mode: 'live',
    payload,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  });

  it('reads an older event that lacks fields added since (matchKey, pinRecord, protocolSha256, the X-ray review)', () => {
    expect(readAuditEvent(event('item.received', { scannedCode: 'RB1' }))).toMatchObject({ ok: true, unchecked: [] });
    expect(readAuditEvent(event('drill.started', { scenario: 'powder', description: '' }))).toMatchObject({ ok: true, unchecked: [] });
    expect(readAuditEvent(event('operator.created', { badge: 'B', name: 'N', role: 'admin', via: 'first-run setup' }, 'operator'))).toMatchObject({ ok: true, unchecked: [] });
    expect(readAuditEvent(event('operator.unlocked', {}, 'operator'))).toMatchObject({ ok: true, unchecked: [] });
    expect(readAuditEvent(event('operator.lockedOut', { lockedUntil: '2026-03-14T10:00:00.000Z', failedAttempts: 5 }, 'operator'))).toMatchObject({ ok: true });
    const opened = { custodyId: 'X', type: 'powder', reason: 'r', protocol: { title: 'T', version: '1', steps: ['a'] } };
    expect(readAuditEvent(event('incident.opened', opened, 'incident'))).toMatchObject({ ok: true, unchecked: [] });
    expect(readAuditEvent(event('item.markedSuspect', { from: 'INSPECTED', to: 'SUSPECT', incidentNumber: 'INC-1', reason: 'r', indicators: [] }))).toMatchObject({ ok: true });
  });

  it('leaves out a field that does not fit, naming it, and keeps the rest readable', () => {
    const reading = readAuditEvent(event('item.weighed', { from: 'RECEIVED', to: 'WEIGHED', grams: 'twelve', source: 'manual', reason: 'scale out' }));
    expect(reading).toMatchObject({ ok: true, unchecked: ['grams'], event: { payload: { from: 'RECEIVED', to: 'WEIGHED', source: 'manual', reason: 'scale out' } } });
    expect(reading.ok && 'grams' in reading.event.payload).toBe(false);
  });

  it('says in one line, naming seq and kind, what it cannot read: an unknown kind, a subject of another type', () => {
    expect(readAuditEvent(event('item.teleported', { to: 'Mars' }))).toEqual({ ok: false, unknownKind: true, problem: 'event 7 (item.teleported): a kind this version does not know' });
    expect(readAuditEvent(event('item.received', { scannedCode: 'RB1' }, 'station'))).toEqual({
      ok: false,
      unknownKind: false,
      problem: "event 7 (item.received): its subject type is station, but this kind's is item",
    });
  });
});

describe('an old database with events this version cannot read', () => {
  it('history shows them as stored, and verify passes, listing each by seq and kind', async () => {
    const { custodyId, history } = await stationWithItem();
    const s = station!.store;
    s.transaction(() => {
      s.audit.append(uncatalogued({ actor: 'station', kind: 'item.teleported', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { to: 'Mars' } }));
      s.audit.append(uncatalogued({ actor: 'station', kind: 'xray.imageCaptured', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { scanRef: 'S-OLD', sha256: 42, file: 'old.png' } }));
    });
    const events = await history();
    expect(events.map((e) => e.kind)).toEqual(['item.received', 'item.teleported', 'xray.imageCaptured']);
    expect(events[1]).toMatchObject({ kind: 'item.teleported', payload: { to: 'Mars' } });
    expect(events[2]).toMatchObject({ payload: { scanRef: 'S-OLD', sha256: 42, file: 'old.png' } });

    const seqs = [...s.audit.events()].slice(-2).map((e) => e.seq);
    const verdict = verifyStore(s.db);
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.catalogWarnings).toEqual([
      `event ${seqs[0]} (item.teleported): a kind this version does not know: not replayed`,
      `event ${seqs[1]} (xray.imageCaptured): sha256 not as the catalog says: not checked`,
    ]);
  });

  it('an event this version cannot read that a state row depends on still fails verify, through that row', async () => {
    const { custodyId } = await stationWithItem();
    const s = station!.store;
    // A hold placed by a version whose hold event had another subject type: the row is not explained.
    s.transaction(() => {
      s.db.prepare("INSERT INTO legal_holds (subject_type, subject_id, reason, placed_by, placed_at) VALUES ('item', ?, 'r', 'operator:x', '2026-03-14T09:00:00.000Z')").run(custodyId);
      s.audit.append(uncatalogued({ actor: 'operator:x', kind: 'records.holdPlaced', subjectType: 'station', subjectId: custodyId, mode: 'live', payload: { holdId: 1, reason: 'r' } }));
    });
    const verdict = verifyStore(s.db);
    expect(verdict.ok).toBe(false);
    expect(verdict.catalogWarnings).toEqual([expect.stringMatching(/^event \d+ \(records\.holdPlaced\): its subject type is station, but this kind's is item or incident: not replayed$/)]);
    expect(JSON.stringify(verdict.problems)).toMatch(/legal_holds/);
  });
});

describe('a stored row read back', () => {
  it('a payload that is JSON but not an object (a hand-made row, hashes recomputed) is an unreadable event, not a cast', () => {
    const file = path.join(tempDir(), 'array.sqlite');
    store = Store.open(file);
    store.close();
    store = undefined;
    const db = new Database(file);
    const head = db.prepare('SELECT seq, hash, station FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string; station: string };
    const body = { seq: head.seq + 1, at: '2026-03-14T09:00:00.000Z', actor: 'station', station: head.station, kind: 'records.backupFailed', subjectType: 'station' as const, subjectId: 'S', mode: 'live' as const, payload: ['not', 'an', 'object'] };
    const hash = auditHash(head.hash, body as unknown as Parameters<typeof auditHash>[1]);
    db.prepare('INSERT INTO audit_events (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      body.seq,
      body.at,
      body.actor,
      body.station,
      body.kind,
      body.subjectType,
      body.subjectId,
      body.mode,
      canonicalJson(body.payload),
      head.hash,
      hash,
    );
    const verdict = verifyStore(db);
    db.close();
    expect(verdict).toMatchObject({ ok: false, firstBadSeq: body.seq });
  });
});
