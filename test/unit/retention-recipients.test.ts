// Issue 14, point 5: records. The recipient's personal data (the hand-over's ID number, signature
// and photo; the notices' addressees and messages) has a retention class of its own, `recipients`:
// past it the personal bytes go and the custody record stays, with the fingerprints the chain
// holds (as the `images` class does for X-ray pictures). Legal holds and kept incidents protect
// them; a signature or photo shared by hand-overs goes only when none still kept names it; an item
// purged whole takes its hand-overs, signatures and photos with it. Attack: a held item's
// signature and photo survive a purge run.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { applyDirectory } from '../../src/main/notify/directory/applyDirectory.ts';
import type { DirectoryEntry } from '../../src/main/notify/directory/directoryEntry.ts';
import { IncidentRepository } from '../../src/main/store/incidents.ts';
import { migrate, verifyStore } from '../../src/main/store/index.ts';
import { MIGRATIONS } from '../../src/main/store/migrations/index.ts';
import { purge, RecordsService, type PurgeReport } from '../../src/main/records/index.ts';
import { DEFAULT_COLLECTION_POLICY, type CommandResult } from '../../src/shared/contract/index.ts';
import { addOperator, coordinatorScreen, makeStation, tempDir } from '../helpers/station.ts';
import { tinyJpeg } from '../helpers/jpeg.ts';

let station: Station | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const entry = (key: string, name: string): DirectoryEntry => ({ key, name, email: `${key.toLowerCase()}@example.org`, department: null, location: null, employeeId: key, badge: null });
const PHOTO = tinyJpeg().toString('base64');
const signature = (x: number) => ({ width: 400, height: 150, strokes: [[[x, 10], [50, 60], [120, 40]]] });
/** Ten days on: everything handed over today is past a one-day retention. */
const LATER = () => new Date(Date.now() + 10 * 86_400_000);

interface Counter {
  s: Station;
  screen: StationConnection;
  admin: StationConnection;
}

async function counter(): Promise<Counter> {
  const s = makeStation();
  station = s;
  applyDirectory(s.store, [entry('E1', 'Ann Smith'), entry('E2', 'Bob Jones')], 'csv', { actor: 't', mode: 'live', fileName: null, sha256: null });
  await addOperator(s, 'admin', 'ADMIN-1');
  const admin = s.connect();
  ok(await admin.call('session.login', { badge: 'ADMIN-1', pin: '2468' }), 'admin login');
  ok(await admin.call('site.update', { collection: { ...DEFAULT_COLLECTION_POLICY, signature: 'optional', photo: 'optional', idDocument: 'optional' } }), 'policy');
  return { s, screen: await coordinatorScreen(s), admin };
}

let codes = 0;
async function clearedFor(screen: StationConnection, personKey: string): Promise<string> {
  codes += 1;
  const custodyId = ok<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: `RETAIN-${codes}` }), 'scan').item.custodyId;
  ok(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
  ok(await screen.call('item.chooseRecipient', { custodyId, personKey }), 'recipient');
  ok(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
  ok(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
  ok(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
  ok(await screen.call('item.clear', { custodyId }), 'clear');
  return custodyId;
}

/** Hands these items over together with an ID number, a signature and the (shared) photo. */
async function handOver(screen: StationConnection, personKey: string, custodyIds: string[], x: number): Promise<{ signatureSha256: string; photoSha256: string }> {
  return ok(await screen.call('collection.handOver', { personKey, custodyIds, collector: { kind: 'recipient' }, idNumber: `P ${x}`, signature: signature(x), photoJpegBase64: PHOTO }), 'hand over');
}

/** A notice as the queue keeps it: its addressees and message are in the payload. */
function notice(s: Station, custodyId: string, state: 'done' | 'failed' | 'queued'): void {
  const payload = JSON.stringify({ custodyId, notice: 'cleared', to: ['ann@example.org'], subject: 'Your letter', text: 'Dear Ann Smith' });
  s.store.db
    .prepare('INSERT INTO notice_jobs (lane, payload, state, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run('smtp', payload, state, 'live', new Date().toISOString(), new Date().toISOString());
}

const one = <T>(s: Station, sql: string, ...args: unknown[]) => s.store.db.prepare(sql).get(...args) as T;
const idNumbersOf = (s: Station, custodyId: string) => (s.store.db.prepare('SELECT id_number FROM collections WHERE custody_id = ?').pluck().all(custodyId) as Array<string | null>);
const signatureRow = (s: Station, sha: string) => one<{ strokes: string; svg: string; purged_at: string | null } | undefined>(s, 'SELECT strokes, svg, purged_at FROM signatures WHERE sha256 = ?', sha);
const photoRow = (s: Station, sha: string) => one<{ n: number; purged_at: string | null } | undefined>(s, 'SELECT length(jpeg) AS n, purged_at FROM collection_photos WHERE sha256 = ?', sha);
const noticeStates = (s: Station, custodyId: string) => s.store.db.prepare('SELECT state FROM notice_jobs WHERE custody_id = ? ORDER BY id').pluck().all(custodyId);
const run = (s: Station, dryRun = false): PurgeReport => purge(s.store, { by: 'cli:test', imageStore: null, dryRun, now: LATER() });

async function keepRecipientsFor(admin: StationConnection, days: number | null, more: Record<string, number | null> = {}): Promise<void> {
  ok(await admin.call('records.retention', { action: 'set', policy: { recipients: days, ...more } }), 'retention');
}

describe('the recipients retention class', () => {
  it('is a class of its own, kept for ever until the site sets it, and its changes are on the record', async () => {
    const { s, screen, admin } = await counter();
    expect(ok<{ policy: Record<string, unknown> }>(await admin.call('records.retention', { action: 'get' }), 'get').policy).toEqual({ items: null, incidents: null, images: null, recipients: null });
    const item = await clearedFor(screen, 'E1');
    await handOver(screen, 'E1', [item], 1);
    expect(run(s)).toMatchObject({ recipients: 0, auditSeqs: [] });
    expect(idNumbersOf(s, item)).toEqual(['P 1']);

    await keepRecipientsFor(admin, 30);
    expect(ok<{ policy: Record<string, unknown> }>(await admin.call('records.retention', { action: 'get' }), 'get').policy).toMatchObject({ recipients: 30, items: null });
    expect(await admin.call('records.retention', { action: 'set', policy: { recipients: -1 } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    // The policy in force is replayed from the record: verify finds the recipients row as the event says.
    expect(verifyStore(s.store.db).problems).toEqual([]);
  });

  it('takes the ID number, the signature, the photo and the finished notices past retention, and keeps the item, its hand-over and the fingerprints', async () => {
    const { s, screen, admin } = await counter();
    const first = await clearedFor(screen, 'E1');
    const second = await clearedFor(screen, 'E1');
    const proof = await handOver(screen, 'E1', [first, second], 1);
    notice(s, first, 'done');
    notice(s, first, 'failed');
    notice(s, first, 'queued'); // still being sent: still being handled
    await keepRecipientsFor(admin, 1);

    const report = run(s);
    expect(report).toMatchObject({ items: 0, recipients: 2, personal: { idNumbers: 2, notices: 2, signatures: 1, photos: 1 } });
    expect(s.store.items.byCustodyId(first)?.state).toBe('DELIVERED');
    expect(s.store.items.byCustodyId(second)?.state).toBe('DELIVERED');
    expect(idNumbersOf(s, first)).toEqual([null]);
    expect(idNumbersOf(s, second)).toEqual([null]);
    // The hand-over still names its proof by the SHA-256 the chain holds; the bytes are gone.
    expect(one(s, 'SELECT recipient_name, signature_sha256, photo_sha256 FROM collections WHERE custody_id = ?', first)).toEqual({
      recipient_name: 'Ann Smith',
      signature_sha256: proof.signatureSha256,
      photo_sha256: proof.photoSha256,
    });
    expect(signatureRow(s, proof.signatureSha256)).toMatchObject({ strokes: '', svg: '', purged_at: expect.any(String) });
    expect(photoRow(s, proof.photoSha256)).toMatchObject({ n: 0, purged_at: expect.any(String) });
    expect(noticeStates(s, first)).toEqual(['queued']);
    expect(await screen.call('collection.signature', { sha256: proof.signatureSha256 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const event = one<{ payload: string }>(s, "SELECT payload FROM audit_events WHERE kind = 'records.purged' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(event.payload)).toMatchObject({
      recordClasses: ['recipients'],
      recipients: { count: 2, custodyIds: expect.arrayContaining([first, second]), idNumbers: 2, notices: 2 },
      proof: { signatures: [proof.signatureSha256], photos: [proof.photoSha256] },
    });
    // verify replays the purge: the ID numbers the events carried are expected gone, and nothing else differs.
    expect(verifyStore(s.store.db).problems).toEqual([]);
    // A second run finds nothing left to take, and records nothing.
    expect(run(s)).toMatchObject({ recipients: 0, auditSeqs: [] });
  });

  it('keeps the signature, photo and ID number of an item on legal hold or in an open incident (attack: a purge run while they are held)', async () => {
    const { s, screen, admin } = await counter();
    const held = await clearedFor(screen, 'E1');
    const sharing = await clearedFor(screen, 'E1');
    const inIncident = await clearedFor(screen, 'E2');
    const free = await clearedFor(screen, 'E2');
    // The same person signs the same way twice, and the photo is the same bytes: shared content.
    const heldProof = await handOver(screen, 'E1', [held], 7);
    await handOver(screen, 'E1', [sharing], 7);
    const incidentProof = await handOver(screen, 'E2', [inIncident], 8);
    const freeProof = await handOver(screen, 'E2', [free], 9);
    notice(s, held, 'done');
    const hold = ok<{ holds: Array<{ id: number }> }>(await admin.call('records.legalHold', { action: 'place', subject: { type: 'item', custodyId: held }, reason: 'Court order 12' }), 'hold').holds[0]!;
    const incidents = new IncidentRepository(s.store.db);
    s.store.transaction(() => {
      const id = incidents.insert({ number: incidents.nextNumber('live', 2026), custodyId: inIncident, type: 'suspiciousSubstance', mode: 'live', reason: 'test', protocol: {}, openedBy: 't', openedAt: new Date().toISOString() });
      s.store.items.setIncident(inIncident, id);
    });
    await keepRecipientsFor(admin, 1);

    const report = run(s);
    expect(report.recipients).toBe(2); // sharing and free
    expect(idNumbersOf(s, held)).toEqual(['P 7']);
    expect(idNumbersOf(s, inIncident)).toEqual(['P 8']);
    expect(idNumbersOf(s, sharing)).toEqual([null]);
    expect(idNumbersOf(s, free)).toEqual([null]);
    // The held item's signature and photo survive, though an unheld hand-over names the same ones.
    expect(signatureRow(s, heldProof.signatureSha256)).toMatchObject({ purged_at: null, svg: expect.stringContaining('<polyline') });
    expect(photoRow(s, heldProof.photoSha256)).toMatchObject({ purged_at: null, n: tinyJpeg().length });
    expect(ok<{ svg: string }>(await screen.call('collection.signature', { sha256: heldProof.signatureSha256 }), 'signature').svg).toContain('<polyline');
    expect(signatureRow(s, incidentProof.signatureSha256)).toMatchObject({ purged_at: null });
    expect(signatureRow(s, freeProof.signatureSha256)).toMatchObject({ purged_at: expect.any(String), strokes: '' });
    expect(noticeStates(s, held)).toEqual(['done']);
    // (The incident was written straight into the store, without its events: only the hand-overs are compared here.)
    const collectionProblems = () => verifyStore(s.store.db).problems.filter((p) => typeof p !== 'string' && p.table === 'collections');
    expect(collectionProblems()).toEqual([]);

    // Released, the hold protects nothing: the next run takes the ID number, the signature and the notice.
    ok(await admin.call('records.legalHold', { action: 'release', holdId: hold.id, reason: 'Case closed' }), 'release');
    // Both the held item and the one sharing its signature: that signature's bytes go in this run.
    expect(run(s)).toMatchObject({ recipients: 2, personal: { idNumbers: 1, notices: 1, signatures: 1, photos: 0 } });
    expect(idNumbersOf(s, held)).toEqual([null]);
    expect(signatureRow(s, heldProof.signatureSha256)).toMatchObject({ purged_at: expect.any(String) });
    // The photo is the same bytes the incident's item was photographed with: it stays while that item is kept.
    expect(photoRow(s, heldProof.photoSha256)).toMatchObject({ purged_at: null });
    expect(noticeStates(s, held)).toEqual([]);
    expect(collectionProblems()).toEqual([]);
  });

  it('re-checks the hold inside each batch: a hold placed while the purge runs still keeps that item’s ID number and signature (attack)', async () => {
    const { s, screen, admin } = await counter();
    const first = await clearedFor(screen, 'E1');
    const second = await clearedFor(screen, 'E2');
    await handOver(screen, 'E1', [first], 1);
    const secondProof = await handOver(screen, 'E2', [second], 2);
    await keepRecipientsFor(admin, 1);
    const batches: string[][] = [];
    const report = purge(s.store, {
      by: 'cli:test',
      imageStore: null,
      dryRun: false,
      now: LATER(),
      batchSize: 1,
      onBatch: (batch) => {
        batches.push(batch.recipients ?? []);
        // Between the first batch and the second, someone places a hold on the second item.
        if (batches.length === 1) s.store.transaction(() => s.store.holds.place({ subjectType: 'item', subjectId: second, reason: 'Placed mid-purge', by: 'cli:other', at: new Date().toISOString() }));
      },
    });
    expect(batches).toEqual([[first]]);
    expect(report.recipients).toBe(1);
    expect(idNumbersOf(s, second)).toEqual(['P 2']);
    expect(signatureRow(s, secondProof.signatureSha256)).toMatchObject({ purged_at: null, svg: expect.stringContaining('<polyline') });
    // Its photo is the same bytes as the first item's: it went with the first batch, when no item naming it was held yet.
    expect(photoRow(s, secondProof.photoSha256)).toMatchObject({ purged_at: expect.any(String), n: 0 });
  });

  it('previews what each class would remove, removing nothing', async () => {
    const { s, screen, admin } = await counter();
    const whole = await clearedFor(screen, 'E1');
    const kept = await clearedFor(screen, 'E2');
    await handOver(screen, 'E1', [whole], 1);
    await handOver(screen, 'E2', [kept], 2);
    notice(s, kept, 'done');
    await keepRecipientsFor(admin, 1, { items: 365 });
    const records = new RecordsService({ store: s.store, imageStore: null, mode: 'live', now: LATER });
    const seqBefore = one<{ n: number }>(s, 'SELECT max(seq) AS n FROM audit_events').n;
    const preview = records.purgePreview('cli:test');
    expect(preview).toMatchObject({ items: 0, recipients: 2, personal: { idNumbers: 2, notices: 1, signatures: 2, photos: 1 }, cutoffs: { recipients: expect.any(String), items: expect.any(String) } });
    expect(idNumbersOf(s, kept)).toEqual(['P 2']);
    expect(one<{ n: number }>(s, 'SELECT max(seq) AS n FROM audit_events').n).toBe(seqBefore);

    // With items past their own retention, the preview counts them there and not a second time as recipients.
    await keepRecipientsFor(admin, 1, { items: 1 });
    expect(records.purgePreview('cli:test')).toMatchObject({ items: 2, recipients: 0, personal: { idNumbers: 2, notices: 1, signatures: 2, photos: 1 } });
  });
});

describe('an item purged whole', () => {
  it('takes its hand-overs, signatures and photos with it, and keeps those a kept item still names', async () => {
    const { s, screen, admin } = await counter();
    const gone = await clearedFor(screen, 'E1');
    const heldOne = await clearedFor(screen, 'E2');
    const goneProof = await handOver(screen, 'E1', [gone], 1);
    const heldProof = await handOver(screen, 'E2', [heldOne], 2);
    ok(await admin.call('records.legalHold', { action: 'place', subject: { type: 'item', custodyId: heldOne }, reason: 'Court order 13' }), 'hold');
    await keepRecipientsFor(admin, null, { items: 1 });

    const report = run(s);
    expect(report).toMatchObject({ items: 1, personal: { idNumbers: 1, signatures: 1, photos: 0 } });
    expect(s.store.items.exists(gone)).toBe(false);
    expect(one<{ n: number }>(s, 'SELECT count(*) AS n FROM collections WHERE custody_id = ?', gone).n).toBe(0);
    expect(signatureRow(s, goneProof.signatureSha256)).toBeUndefined();
    // The photo is the same bytes the held item's hand-over names: it stays whole.
    expect(photoRow(s, goneProof.photoSha256)).toMatchObject({ n: tinyJpeg().length, purged_at: null });
    expect(signatureRow(s, heldProof.signatureSha256)).toMatchObject({ purged_at: null });
    expect(idNumbersOf(s, heldOne)).toEqual(['P 2']);
    const event = one<{ payload: string }>(s, "SELECT payload FROM audit_events WHERE kind = 'records.purged' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(event.payload)).toMatchObject({ items: { custodyIds: [gone] }, proof: { signatures: [goneProof.signatureSha256], photos: [] } });
    expect(verifyStore(s.store.db).problems).toEqual([]);
    expect(s.store.db.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('migration 14', () => {
  it('keeps the retention a station already set, and accepts the recipients class', () => {
    const db = new Database(path.join(tempDir(), 'v13.sqlite'));
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version <= 13));
      db.prepare("INSERT INTO retention_policy (record_class, days, updated_by, updated_at) VALUES ('images', 90, 'cli:t', '2026-01-01T00:00:00.000Z')").run();
      expect(() => db.prepare("INSERT INTO retention_policy (record_class, days, updated_by, updated_at) VALUES ('recipients', 30, 'cli:t', 'x')").run()).toThrow(/CHECK/);
      expect(migrate(db)).toMatchObject({ from: 13, to: MIGRATIONS.at(-1)!.version });
      expect(db.prepare('SELECT record_class, days, updated_by FROM retention_policy').all()).toEqual([{ record_class: 'images', days: 90, updated_by: 'cli:t' }]);
      db.prepare("INSERT INTO retention_policy (record_class, days, updated_by, updated_at) VALUES ('recipients', 30, 'cli:t', 'x')").run();
      expect(() => db.prepare("INSERT INTO retention_policy (record_class, days, updated_by, updated_at) VALUES ('names', 30, 'cli:t', 'x')").run()).toThrow(/CHECK/);
      expect(db.prepare("SELECT count(*) FROM pragma_table_info('signatures') WHERE name = 'purged_at'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });
});
