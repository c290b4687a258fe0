// Issue 14: the ID document number of a hand-over at the counter is personal data under the
// recipients retention, but the audit chain cannot be edited: what the chain holds outlives every
// purge. So the chain holds the number's HMAC under a salt of the hand-over's own, kept in the
// purgeable collections row with the number; the retention clears both. Attacks: the chain's events
// of a hand-over hold no part of the number; after the purge the number is nowhere in the database
// file and no one can check a document against it; an edited number or salt is caught by verify; a
// store with hand-overs of before (the number in plain in their events) and of now still verifies,
// from the genesis hash, before and after the purge. Until the purge a coordinator (not a screener)
// checks the document in hand against the hash (collection.checkIdNumber).
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { applyDirectory } from '../../src/main/notify/directory/applyDirectory.ts';
import { NoticeSettings } from '../../src/main/notify/index.ts';
import { purge } from '../../src/main/records/index.ts';
import { CollectionRepository, idNumberHmac, verifyStore, verifyStoreParallel } from '../../src/main/store/index.ts';
import { DEFAULT_COLLECTION_POLICY, type CommandResult } from '../../src/shared/contract/index.ts';
import { addOperator, coordinatorScreen, makeStation } from '../helpers/station.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtpServer.ts';
import { waitFor } from '../helpers/wait.ts';

let smtp: TestSmtpServer;
let station: Station | undefined;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp?.close();
});
afterEach(() => {
  station?.close();
  station = undefined;
});

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

// Letters outside hex and digits, so no fingerprint, UUID or custody ID of the run spells a piece of it by chance.
const NUMBER = 'XK 7Q9Z2W';
/** Every run of three or more characters of the number as typed or without its space: "no part of the number". */
const PIECES = [...new Set([NUMBER, NUMBER.replace(/\s/g, '')].flatMap((n) => Array.from({ length: n.length - 2 }, (_, i) => n.slice(i)).flatMap((tail) => [tail.slice(0, 3), tail])))].filter(
  (piece) => piece.trim().length >= 3,
);
/** Ten days on: everything handed over today is past a one-day retention. */
const LATER = () => new Date(Date.now() + 10 * 86_400_000);

async function counter(dbPath?: string): Promise<{ s: Station; screen: StationConnection; admin: StationConnection }> {
  const s = makeStation({
    ...(dbPath ? { dbPath } : {}),
    notices: { settings: NoticeSettings.parse({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'mailroom@example.org' }, collectAt: 'Mailroom, building A' }), ca: smtp.ca },
  });
  station = s;
  s.start();
  applyDirectory(s.store, [{ key: 'E1', name: 'Ann Smith', email: 'ann@example.org', department: null, location: null, employeeId: 'E1', badge: 'B-1' }], 'csv', {
    actor: 't',
    mode: 'live',
    fileName: null,
    sha256: null,
  });
  await addOperator(s, 'admin', 'ADMIN-1');
  const admin = s.connect();
  ok(await admin.call('session.login', { badge: 'ADMIN-1', pin: '2468' }), 'admin login');
  ok(await admin.call('site.update', { collection: { ...DEFAULT_COLLECTION_POLICY, signature: 'optional', idDocument: 'required' } }), 'policy');
  return { s, screen: await coordinatorScreen(s), admin };
}

let codes = 0;
async function cleared(screen: StationConnection): Promise<string> {
  codes += 1;
  const custodyId = ok<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: `IDNUMBER-${codes}` }), 'scan').item.custodyId;
  ok(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
  ok(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E1' }), 'recipient');
  ok(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
  ok(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
  ok(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
  ok(await screen.call('item.clear', { custodyId }), 'clear');
  return custodyId;
}

/** true once the item's notices (its ready notice and the receipt) have all been sent; undefined until then. */
const noticesDone = (s: Station, custodyId: string): true | undefined =>
  (s.store.db.prepare("SELECT count(*) = 2 AND sum(state = 'done') = 2 FROM notice_jobs WHERE custody_id = ?").pluck().get(custodyId) as number) === 1 ? true : undefined;
const chainText = (s: Station): string => (s.store.db.prepare('SELECT group_concat(kind || subject_id || payload, char(10)) FROM audit_events').pluck().get() as string) ?? '';
const deliveredProof = (s: Station, custodyId: string) =>
  JSON.parse(s.store.db.prepare("SELECT payload FROM audit_events WHERE kind = 'item.delivered' AND subject_id = ?").pluck().get(custodyId) as string).receivedBy as Record<string, unknown>;
const rowOf = (s: Station, custodyId: string) => s.store.db.prepare('SELECT id_number, id_number_salt FROM collections WHERE custody_id = ?').get(custodyId) as { id_number: string | null; id_number_salt: string | null };

/**
 * The bytes of the database file and of its write-ahead log, as whoever copies the data folder gets
 * them, hold none of these texts (in UTF-8 or UTF-16).
 */
function expectNowhereInTheFiles(dbPath: string, texts: readonly string[]): void {
  const bytes = Buffer.concat([dbPath, `${dbPath}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file)));
  for (const text of texts) {
    expect(bytes.includes(Buffer.from(text, 'utf8')), `"${text}" in the database files`).toBe(false);
    expect(bytes.includes(Buffer.from(text, 'utf16le')), `"${text}" in the database files (UTF-16)`).toBe(false);
  }
}

/**
 * A hand-over as the station recorded it before this change (the item.delivered event and the row
 * holding the number in plain text, no salt): what a store of before holds.
 */
function handOverOfBefore(s: Station, custodyId: string, number: string): void {
  const at = new Date().toISOString();
  const proof = {
    kind: 'collection',
    collectionId: `before-${custodyId}`,
    recipientKey: 'E1',
    recipientName: 'Ann Smith',
    collector: 'recipient',
    proxyKey: null,
    proxyName: null,
    authority: null,
    authorisedBy: null,
    idNumber: number,
    signatureSha256: null,
    photoSha256: null,
  } as const;
  s.store.transaction(() => {
    const disposition = { outcome: 'delivered', receivedBy: proof, confirmedBy: 'op-admin-ADMIN-1', at };
    s.store.items.setDisposition(custodyId, disposition);
    s.store.items.setState(custodyId, 'DELIVERED', at);
    s.store.audit.append({ actor: 'operator:op-admin-ADMIN-1', kind: 'item.delivered', subjectType: 'item', subjectId: custodyId, mode: 'live', payload: { ...disposition, from: 'CLEARED', to: 'DELIVERED' } });
    const { idNumber, ...rest } = proof;
    new CollectionRepository(s.store.db).add({ ...rest, idNumber, idNumberSalt: null, custodyId, operatorId: 'op-admin-ADMIN-1', at });
  });
}

describe("a hand-over's ID document number", () => {
  it('is not in the chain: its events hold the salted hash, which the number read again from the document matches, and verify checks the row against it', async () => {
    const { s, screen } = await counter();
    const first = await cleared(screen);
    const second = await cleared(screen);
    ok(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [first, second], collector: { kind: 'recipient' }, idNumber: NUMBER }), 'hand over');
    // The receipt has gone out (its notice's events are in the chain too).
    await waitFor('the receipt', () => smtp.received.find((mail) => mail.raw.includes(first) && /Subject: Receipt/.test(mail.raw)), 60_000);
    await waitFor('the notices sent', () => noticesDone(s, first), 60_000);

    const chain = chainText(s);
    expect(PIECES.filter((piece) => chain.includes(piece))).toEqual([]);
    const proof = deliveredProof(s, first);
    expect(proof).not.toHaveProperty('idNumber');
    expect(proof.idNumberHmac).toMatch(/^[0-9a-f]{64}$/);
    // One salt per hand-over: both items name the same document.
    expect(deliveredProof(s, second).idNumberHmac).toBe(proof.idNumberHmac);

    // The row keeps the number as typed, for the custody form, and the salt; typed again another way, the document matches.
    const row = rowOf(s, first);
    expect(row.id_number).toBe(NUMBER);
    expect(row.id_number_salt).toMatch(/^[0-9a-f]{64}$/);
    expect(idNumberHmac(row.id_number_salt!, 'xk-7q9z2w')).toBe(proof.idNumberHmac);
    expect(idNumberHmac(row.id_number_salt!, 'XK 7Q9Z2V')).not.toBe(proof.idNumberHmac);
    // A coordinator with the document in hand checks it through the station: read again another way, it matches; another does not.
    expect(ok(await screen.call('collection.checkIdNumber', { custodyId: second, idNumber: 'xk-7q9z2w' }), 'check')).toEqual({ matches: true });
    expect(ok(await screen.call('collection.checkIdNumber', { custodyId: second, idNumber: 'XK 7Q9Z2V' }), 'check')).toEqual({ matches: false });
    // A screener cannot probe numbers against a hand-over.
    await addOperator(s, 'screener', 'SCREENER-1');
    const screener = s.connect();
    ok(await screener.call('session.login', { badge: 'SCREENER-1', pin: '2468' }), 'screener login');
    const refused = await screener.call('collection.checkIdNumber', { custodyId: second, idNumber: NUMBER });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');

    // verify compares the row's number, through its salt, with the chain's hash.
    expect(verifyStore(s.store.db).problems).toEqual([]);
    s.store.db.prepare("UPDATE collections SET id_number = 'XK 7Q9Z2V' WHERE custody_id = ?").run(first);
    s.store.db.prepare('UPDATE collections SET id_number_salt = ? WHERE custody_id = ?').run('0'.repeat(64), second);
    const problems = verifyStore(s.store.db).problems;
    expect(problems).toContainEqual(expect.objectContaining({ table: 'collections', key: expect.stringContaining(`${first}/1`), column: 'id_number', expected: `hmac-sha256:${String(proof.idNumberHmac)}` }));
    expect(problems).toContainEqual(expect.objectContaining({ table: 'collections', key: expect.stringContaining(`${second}/1`), column: 'id_number', expected: `hmac-sha256:${String(proof.idNumberHmac)}` }));
    // The hash copied into the number with the salt taken away is not the number the chain names either.
    s.store.db.prepare("UPDATE collections SET id_number = ?, id_number_salt = NULL WHERE custody_id = ?").run(`hmac-sha256:${String(proof.idNumberHmac)}`, first);
    expect(verifyStore(s.store.db).problems).toContainEqual(expect.objectContaining({ table: 'collections', key: expect.stringContaining(`${first}/1`), column: 'id_number' }));
  });

  it('each check is recorded on the item: who, which hand-over, match or not, never the number; on its history; verify --full passes', async () => {
    const { s, screen } = await counter();
    const item = await cleared(screen);
    const handedOver = ok<{ collectionId: string }>(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [item], collector: { kind: 'recipient' }, idNumber: NUMBER }), 'hand over');
    await waitFor('the notices sent', () => noticesDone(s, item), 60_000);
    expect(ok(await screen.call('collection.checkIdNumber', { custodyId: item, idNumber: 'xk 7q9z2w' }), 'check')).toEqual({ matches: true });
    expect(ok(await screen.call('collection.checkIdNumber', { custodyId: item, idNumber: 'XK 7Q9Z2V' }), 'check')).toEqual({ matches: false });

    const checks = s.store.audit.eventsFor('item', item).filter((event) => event.kind === 'collection.idNumberChecked');
    expect(checks.map(({ actor, payload }) => ({ actor, payload }))).toEqual([
      { actor: 'operator:op-coordinator-COORD-1', payload: { collectionId: handedOver.collectionId, matches: true } },
      { actor: 'operator:op-coordinator-COORD-1', payload: { collectionId: handedOver.collectionId, matches: false } },
    ]);
    // Neither the number checked nor the one tried: no piece of either in the chain.
    const chain = chainText(s);
    expect([...PIECES, 'Q9Z2V', '7Q9Z2'].filter((piece) => chain.toUpperCase().includes(piece))).toEqual([]);
    // Where a coordinator looks for it: the item's history, in words, with who checked.
    const history = ok<{ events: Array<{ kind: string; actorName: string | null }> }>(await screen.call('item.history', { custodyId: item }), 'history').events;
    expect(history.filter((event) => event.kind === 'collection.idNumberChecked').map((event) => event.actorName)).toEqual(['Test coordinator', 'Test coordinator']);
    expect(verifyStore(s.store.db).problems).toEqual([]);
    expect((await verifyStoreParallel(s.store.db, { sinceCheckpoint: false })).problems).toEqual([]);
  });

  it('is nowhere in the database file once the recipients retention has purged it; the hand-over and its hash stay, and verify --full still passes', async () => {
    const { s, screen, admin } = await counter();
    const dbPath = s.store.db.name;
    const item = await cleared(screen);
    ok(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [item], collector: { kind: 'recipient' }, idNumber: NUMBER }), 'hand over');
    await waitFor('the notices sent', () => noticesDone(s, item), 60_000);
    const hash = deliveredProof(s, item).idNumberHmac;
    ok(await admin.call('records.retention', { action: 'set', policy: { recipients: 1 } }), 'retention');
    expect(purge(s.store, { by: 'cli:test', imageStore: null, dryRun: false, now: LATER() })).toMatchObject({ recipients: 1, personal: { idNumbers: 1 } });

    expect(rowOf(s, item)).toEqual({ id_number: null, id_number_salt: null });
    expect(deliveredProof(s, item).idNumberHmac).toBe(hash);
    // Nobody can check a document against it any more: that is what the purge is for.
    const check = await screen.call('collection.checkIdNumber', { custodyId: item, idNumber: NUMBER });
    expect(check.ok ? null : check.error.message).toMatch(/removed under the recipients retention: it can no longer be checked/);
    expect(verifyStore(s.store.db).problems).toEqual([]);
    expect((await verifyStoreParallel(s.store.db, { sinceCheckpoint: false })).problems).toEqual([]);

    // The e-mailed receipt named its last three characters: the purge took that notice too.
    expectNowhereInTheFiles(dbPath, [NUMBER, NUMBER.replace(/\s/g, ''), NUMBER.slice(-3)]);
    s.close();
    station = undefined;
    expectNowhereInTheFiles(dbPath, [NUMBER, NUMBER.replace(/\s/g, ''), NUMBER.slice(-3)]);
  });

  it('is nowhere in the database file once the item is purged whole under the items retention', async () => {
    const { s, screen, admin } = await counter();
    const dbPath = s.store.db.name;
    const item = await cleared(screen);
    ok(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [item], collector: { kind: 'recipient' }, idNumber: NUMBER }), 'hand over');
    await waitFor('the notices sent', () => noticesDone(s, item), 60_000);
    ok(await admin.call('records.retention', { action: 'set', policy: { items: 1 } }), 'retention');
    expect(purge(s.store, { by: 'cli:test', imageStore: null, dryRun: false, now: LATER() })).toMatchObject({ items: 1, personal: { idNumbers: 1 } });
    expect(verifyStore(s.store.db).problems).toEqual([]);
    expectNowhereInTheFiles(dbPath, [NUMBER, NUMBER.replace(/\s/g, ''), NUMBER.slice(-3)]);
  });

  it('verify --full passes on a store with hand-overs of before (the number in their events) and of now, before and after the purge', async () => {
    const { s, screen, admin } = await counter();
    const before = await cleared(screen);
    handOverOfBefore(s, before, 'P OLD 1');
    const now = await cleared(screen);
    ok(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [now], collector: { kind: 'recipient' }, idNumber: NUMBER }), 'hand over');
    expect(deliveredProof(s, before).idNumber).toBe('P OLD 1');
    // A hand-over of before is checked against the number its event holds.
    expect(ok(await screen.call('collection.checkIdNumber', { custodyId: before, idNumber: 'p-old-1' }), 'check')).toEqual({ matches: true });
    expect(ok(await screen.call('collection.checkIdNumber', { custodyId: before, idNumber: 'P OLD 2' }), 'check')).toEqual({ matches: false });
    expect(verifyStore(s.store.db).problems).toEqual([]);
    expect((await verifyStoreParallel(s.store.db, { sinceCheckpoint: false })).problems).toEqual([]);
    // An edited number of before is still caught, by the number its event holds.
    s.store.db.prepare("UPDATE collections SET id_number = 'P OLD 2' WHERE custody_id = ?").run(before);
    expect(verifyStore(s.store.db).problems).toContainEqual(expect.objectContaining({ table: 'collections', column: 'id_number', expected: 'P OLD 1', found: 'P OLD 2' }));
    s.store.db.prepare("UPDATE collections SET id_number = 'P OLD 1' WHERE custody_id = ?").run(before);

    ok(await admin.call('records.retention', { action: 'set', policy: { recipients: 1 } }), 'retention');
    expect(purge(s.store, { by: 'cli:test', imageStore: null, dryRun: false, now: LATER() })).toMatchObject({ recipients: 2, personal: { idNumbers: 2 } });
    expect(rowOf(s, before)).toEqual({ id_number: null, id_number_salt: null });
    expect(rowOf(s, now)).toEqual({ id_number: null, id_number_salt: null });
    expect(verifyStore(s.store.db).problems).toEqual([]);
    expect((await verifyStoreParallel(s.store.db, { sinceCheckpoint: false })).problems).toEqual([]);
    // The chain is append-only: the event of before still holds its number (the README says so).
    expect(deliveredProof(s, before).idNumber).toBe('P OLD 1');
  });
});
