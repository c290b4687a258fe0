// Issue 14, point 4: the collection counter. The cleared items waiting for a person (by directory
// key or badge), and their hand-over with the proof the site's policy asks for: each item delivered
// (its item.delivered event carrying the proof) and the proof stored, in one transaction. Attacks:
// items not cleared, someone else's items, a proxy without authorisation, hostile signatures and
// photos: refused in words, with nothing recorded.
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { applyDirectory } from '../../src/main/notify/directory/applyDirectory.ts';
import type { DirectoryEntry } from '../../src/main/notify/directory/directoryEntry.ts';
import { verifyStore } from '../../src/main/store/index.ts';
import { jpegProblem, signatureRecord, signatureSvg } from '../../src/main/core/collectionProof.ts';
import { collectionReceiptZpl } from '../../src/main/core/collectionLabel.ts';
import { CollectionService } from '../../src/main/core/collectionService.ts';
import { DEFAULT_COLLECTION_POLICY, type CollectionPolicy, type CommandResult, type Item, type SignatureStrokes } from '../../src/shared/contract/index.ts';
import { addOperator, auditCount, coordinatorScreen, makeStation } from '../helpers/station.ts';
import { tinyJpeg } from '../helpers/jpeg.ts';
import { pdfText } from '../helpers/pdfText.ts';

let station: Station | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

function entry(key: string, name: string, more: Partial<DirectoryEntry> = {}): DirectoryEntry {
  return { key, name, email: `${key.toLowerCase()}@example.org`, department: null, location: null, employeeId: key, badge: null, ...more };
}

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const SIGNATURE: SignatureStrokes = { width: 400, height: 150, strokes: [[[10, 10], [50, 60], [120, 40]], [[200, 100]]] };
const PHOTO = tinyJpeg().toString('base64');

async function adminScreen(s: Station): Promise<StationConnection> {
  await addOperator(s, 'admin', 'ADMIN-1');
  const admin = s.connect();
  ok(await admin.call('session.login', { badge: 'ADMIN-1', pin: '2468' }), 'admin login');
  return admin;
}

async function counter(policy: Partial<CollectionPolicy> = {}): Promise<{ s: Station; screen: StationConnection; admin: StationConnection }> {
  const s = makeStation();
  station = s;
  applyDirectory(
    s.store,
    [entry('E1', 'Ann Smith', { badge: 'B-1', department: 'Finance' }), entry('E2', 'Bob Jones', { badge: 'B-2' }), entry('E3', 'Cy Twombly', { badge: 'B-3' })],
    'csv',
    { actor: 't', mode: 'live', fileName: null, sha256: null },
  );
  const admin = await adminScreen(s);
  ok(await admin.call('directory.setDepartmentContacts', { department: 'Finance', contacts: [{ name: 'Fin Boss', email: 'boss@example.org' }] }), 'contacts');
  ok(await admin.call('site.update', { collection: { ...DEFAULT_COLLECTION_POLICY, ...policy } }), 'policy');
  return { s, screen: await coordinatorScreen(s), admin };
}

let codes = 0;
/** An item taken in for `personKey` and screened up to (and by default through) clearance. */
async function itemFor(screen: StationConnection, personKey: string, clear = true): Promise<string> {
  codes += 1;
  const custodyId = ok<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: `COUNTER-${codes}` }), 'scan').item.custodyId;
  ok(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
  ok(await screen.call('item.chooseRecipient', { custodyId, personKey }), 'recipient');
  ok(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
  ok(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
  ok(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
  if (clear) ok(await screen.call('item.clear', { custodyId }), 'clear');
  return custodyId;
}

const stateOf = (s: Station, custodyId: string) => s.store.items.byCustodyId(custodyId)?.state;
const rows = (s: Station, table: string) => (s.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Nothing was recorded by a refused hand-over: the chain, the items and the proof tables are as they were. */
function unchanged(s: Station, before: number): void {
  expect(auditCount(s)).toBe(before);
  expect(rows(s, 'collections')).toBe(0);
  expect(rows(s, 'signatures')).toBe(0);
  expect(rows(s, 'collection_photos')).toBe(0);
}

describe('the collection counter', () => {
  it('lists the cleared items waiting for a badge scanned, and hands them over with signature, photo and ID in one step on the record', async () => {
    const { s, screen } = await counter({ photo: 'required', idDocument: 'required' });
    const first = await itemFor(screen, 'E1');
    const second = await itemFor(screen, 'E1');
    await itemFor(screen, 'E1', false); // still being screened: not waiting
    await itemFor(screen, 'E2'); // someone else's
    const waiting = ok<{ person: { key: string }; items: Array<{ custodyId: string }>; departmentContacts: unknown[] }>(await screen.call('collection.waiting', { badge: 'B-1' }), 'waiting');
    expect(waiting.person.key).toBe('E1');
    expect(waiting.items.map((i) => i.custodyId)).toEqual([first, second]);
    expect(waiting.departmentContacts).toEqual([{ name: 'Fin Boss', email: 'boss@example.org' }]);

    const delivered: string[] = [];
    s.workflow.domainEvents.within('item.delivered', (event) => delivered.push(event.custodyId));
    const done = ok<{ collectionId: string; signatureSha256: string; photoSha256: string }>(
      await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [first, second], collector: { kind: 'recipient' }, idNumber: 'P 1234567', signature: SIGNATURE, photoJpegBase64: PHOTO }),
      'hand over',
    );
    expect(delivered).toEqual([first, second]);
    expect(stateOf(s, first)).toBe('DELIVERED');
    expect(stateOf(s, second)).toBe('DELIVERED');
    const events = s.store.db.prepare("SELECT subject_id, payload FROM audit_events WHERE kind = 'item.delivered' ORDER BY seq").all() as Array<{ subject_id: string; payload: string }>;
    expect(events.map((e) => e.subject_id)).toEqual([first, second]);
    expect(JSON.parse(events[0]!.payload).receivedBy).toMatchObject({
      kind: 'collection',
      collectionId: done.collectionId,
      recipientKey: 'E1',
      collector: 'recipient',
      idNumberHmac: expect.stringMatching(/^[0-9a-f]{64}$/),
      signatureSha256: done.signatureSha256,
      photoSha256: done.photoSha256,
    });
    expect(events[0]!.payload).not.toContain('1234567');
    expect(rows(s, 'collections')).toBe(2);
    expect(rows(s, 'signatures')).toBe(1);
    expect(rows(s, 'collection_photos')).toBe(1);
    const svg = ok<{ svg: string }>(await screen.call('collection.signature', { sha256: done.signatureSha256 }), 'signature').svg;
    expect(svg).toContain('<polyline points="10,10 50,60 120,40"/>');
    // The collections table is what the events say: verify finds nothing, and catches an edited proof.
    expect(verifyStore(s.store.db).problems).toEqual([]);
    // (The chain holds the ID number's salted hash, no longer the number: an edited number is named by that hash.)
    const idNumberHmac = String(JSON.parse(events[0]!.payload).receivedBy.idNumberHmac);
    s.store.db.prepare("UPDATE collections SET id_number = 'X 999' WHERE custody_id = ?").run(first);
    expect(verifyStore(s.store.db).problems).toContainEqual(
      expect.objectContaining({ table: 'collections', column: 'id_number', expected: `hmac-sha256:${idNumberHmac}`, found: expect.not.stringContaining(idNumberHmac) }),
    );
    expect(ok<{ items: unknown[] }>(await screen.call('collection.waiting', { personKey: 'E1' }), 'waiting').items).toEqual([]);
    // The custody form shows the hand-over and its signature.
    const form = pdfText((await s.reports.custodyForm(second, { actor: 'operator:t', name: 'Test' })).bytes);
    expect(form).toContain('Handed over at the collection counter');
    expect(form).toContain('Ann Smith in person');
    // A fingerprint may wrap in its cell: compared without the spaces.
    expect(form.replace(/\s/g, '')).toContain(`below,SHA-256${done.signatureSha256}`);
    expect(form.replace(/\s/g, '')).toContain(`taken,SHA-256${done.photoSha256}`);
  });

  it('refuses items that are not cleared and waiting (being screened, suspect, quarantined, already delivered), and hands over none of a mixed list', async () => {
    const { s, screen } = await counter({ signature: 'optional' });
    const cleared = await itemFor(screen, 'E1');
    const screening = await itemFor(screen, 'E1', false);
    const suspect = await itemFor(screen, 'E1', false);
    ok(await screen.call('item.markSuspect', { custodyId: suspect, incidentType: 'other', reason: 'Strange odour' }), 'suspect');
    const quarantined = await itemFor(screen, 'E1', false);
    ok(await screen.call('item.markSuspect', { custodyId: quarantined, incidentType: 'other', reason: 'Strange odour' }), 'suspect');
    ok(await screen.call('custody.quarantine', { custodyId: quarantined, location: 'Isolation room', sealNumbers: ['S-1'], reason: 'Isolate' }), 'quarantine');
    const before = auditCount(s);
    for (const [custodyId, state] of [
      [screening, /inspected, not cleared/],
      [suspect, /suspect, not cleared/],
      [quarantined, /quarantined, not cleared/],
    ] as const) {
      const refused = await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [cleared, custodyId], collector: { kind: 'recipient' } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringMatching(state) } });
      expect(refused.ok || refused.error.message).toMatch(/Nothing was handed over/);
    }
    unchanged(s, before);
    expect(stateOf(s, cleared)).toBe('CLEARED');
    ok(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [cleared], collector: { kind: 'recipient' } }), 'hand over');
    const again = await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [cleared], collector: { kind: 'recipient' } });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringMatching(/delivered, not cleared/) } });
    // Two hand-overs of the same item at once: one delivers it, the other is refused.
    const raced = await itemFor(screen, 'E1');
    const other = station!.connect();
    await addOperator(s, 'screener', 'SCREEN-1');
    ok(await other.call('session.login', { badge: 'SCREEN-1', pin: '2468' }), 'login');
    const both = await Promise.all([screen, other].map((c) => c.call('collection.handOver', { personKey: 'E1', custodyIds: [raced], collector: { kind: 'recipient' } })));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(rows(s, 'collections')).toBe(2);
  });

  it("a screener cannot hand someone else's items over, nor without the proof the policy requires", async () => {
    const { s, screen } = await counter({ signature: 'required', photo: 'off' });
    const annes = await itemFor(screen, 'E1');
    await addOperator(s, 'screener', 'SCREEN-1');
    const screener = s.connect();
    ok(await screener.call('session.login', { badge: 'SCREEN-1', pin: '2468' }), 'login');
    const before = auditCount(s);
    const forBob = await screener.call('collection.handOver', { personKey: 'E2', custodyIds: [annes], collector: { kind: 'recipient' }, signature: SIGNATURE });
    expect(forBob).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/not waiting for Bob Jones/) } });
    const unsigned = await screener.call('collection.handOver', { personKey: 'E1', custodyIds: [annes], collector: { kind: 'recipient' } });
    expect(unsigned).toMatchObject({ ok: false, error: { message: expect.stringMatching(/requires a signature/) } });
    const photographed = await screener.call('collection.handOver', { personKey: 'E1', custodyIds: [annes], collector: { kind: 'recipient' }, signature: SIGNATURE, photoJpegBase64: PHOTO });
    expect(photographed).toMatchObject({ ok: false, error: { message: expect.stringMatching(/takes no photo/) } });
    unchanged(s, before);
    ok(await screener.call('collection.handOver', { personKey: 'E1', custodyIds: [annes], collector: { kind: 'recipient' }, signature: SIGNATURE }), 'hand over');
  });

  it('a proxy collects only on the authority the policy asks for: a standing proxy in the directory or a department contact', async () => {
    const { s, screen, admin } = await counter({ signature: 'off' });
    ok(await admin.call('directory.setProxy', { personKey: 'E1', proxyKey: 'E2', allowed: true }), 'proxy');
    const item = await itemFor(screen, 'E1');
    const before = auditCount(s);
    const handOver = (collector: unknown) => screen.call('collection.handOver', { personKey: 'E1', custodyIds: [item], collector });
    expect(await handOver({ kind: 'proxy', proxyKey: 'E3' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/only with Ann Smith's authorisation/) } });
    expect(await handOver({ kind: 'proxy', proxyKey: 'E3', authority: { kind: 'standingProxy' } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/Cy Twombly is not a standing proxy of Ann Smith/) },
    });
    expect(await handOver({ kind: 'proxy', proxyName: 'A Courier', authority: { kind: 'departmentContact', contactEmail: 'someone@example.org' } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/not a key contact/) },
    });
    unchanged(s, before);
    // Bob's badge shows he may collect for Ann.
    expect(ok<{ proxyFor: Array<{ key: string }> }>(await screen.call('collection.waiting', { badge: 'B-2' }), 'waiting').proxyFor.map((p) => p.key)).toEqual(['E1']);
    ok(await handOver({ kind: 'proxy', proxyKey: 'E2', authority: { kind: 'standingProxy' } }), 'standing proxy');
    const row = s.store.db.prepare('SELECT collector, proxy_key, proxy_name, authority, authorised_by FROM collections').get();
    expect(row).toEqual({ collector: 'proxy', proxy_key: 'E2', proxy_name: 'Bob Jones', authority: 'standingProxy', authorised_by: 'E1' });

    const second = await itemFor(screen, 'E1');
    ok(
      await screen.call('collection.handOver', {
        personKey: 'E1',
        custodyIds: [second],
        collector: { kind: 'proxy', proxyName: 'A Courier', authority: { kind: 'departmentContact', contactEmail: 'BOSS@example.org' } },
      }),
      'department contact',
    );
    ok(await admin.call('site.update', { collection: { ...DEFAULT_COLLECTION_POLICY, signature: 'off', proxyAuthorisation: 'optional' } }), 'policy');
    const third = await itemFor(screen, 'E1');
    ok(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [third], collector: { kind: 'proxy', proxyKey: 'E3' } }), 'no authority, where optional');
    expect(verifyStore(s.store.db).problems).toEqual([]);
  });

  it('a huge or malformed signature or photo is refused in words, with nothing recorded', async () => {
    const { s, screen } = await counter({ photo: 'optional' });
    const item = await itemFor(screen, 'E1');
    const before = auditCount(s);
    const handOver = (more: Record<string, unknown>) => screen.call('collection.handOver', { personKey: 'E1', custodyIds: [item], collector: { kind: 'recipient' }, signature: SIGNATURE, ...more });
    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [{ signature: { ...SIGNATURE, strokes: Array.from({ length: 65 }, () => [[1, 1]]) } }, /at most 64 strokes/],
      [{ signature: { ...SIGNATURE, strokes: [Array.from({ length: 4001 }, () => [1, 1])] } }, /too many entries|at most 4000 points/],
      [{ signature: { ...SIGNATURE, strokes: Array.from({ length: 2 }, () => Array.from({ length: 2500 }, () => [1, 1])) } }, /at most 4000 points/],
      [{ signature: { ...SIGNATURE, strokes: [[[401, 10]]] } }, /outside the pad/],
      [{ signature: { ...SIGNATURE, strokes: [[[-1, 10]]] } }, /signature/i],
      [{ signature: { ...SIGNATURE, strokes: [[['10', 10]]] } }, /signature/i],
      [{ signature: { ...SIGNATURE, strokes: [] } }, /signature needs at least 1 entry/],
      [{ signature: { width: 1e9, height: 150, strokes: [[[1, 1]]] } }, /too large/],
      [{ photoJpegBase64: 'A'.repeat(600_000) }, /photo is larger than 400 KB/],
      [{ photoJpegBase64: Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(300)).toString('base64') }, /not a JPEG image/],
      [{ photoJpegBase64: tinyJpeg().subarray(0, 140).toString('base64') }, /cut short/],
      [{ photoJpegBase64: '<script>' }, /not an image the camera took/],
      [{ idNumber: 'P1\u0000; DROP' }, /ID document number holds letters/],
    ];
    for (const [more, words] of refusals) {
      const refused = await handOver(more);
      expect(refused, JSON.stringify(more).slice(0, 80)).toMatchObject({ ok: false, error: { message: expect.stringMatching(words) } });
    }
    unchanged(s, before);
    expect(stateOf(s, item)).toBe('CLEARED');
  });
});

describe('the proof made ready', () => {
  it('a JPEG is known by its structure, not its first bytes', () => {
    expect(jpegProblem(tinyJpeg())).toBeNull();
    const noFrame = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x80]), Buffer.alloc(0x7e), Buffer.from([0xff, 0xd9])]);
    expect(jpegProblem(noFrame)).toMatch(/damaged|no frame/);
    const lying = Buffer.from(tinyJpeg());
    lying[lying.indexOf(0xdb) + 1] = 0xff; // a segment length past the end
    expect(jpegProblem(lying)).toMatch(/damaged/);
  });

  it('the SVG of a signature draws each stroke, a single touch as a dot', () => {
    expect(signatureSvg({ width: 100, height: 50, strokes: [[[1.26, 2]], [[3, 4], [5, 6]]] })).toContain('<polyline points="1.3,2 1.3,2"/><polyline points="3,4 5,6"/>');
  });
});

describe('the printed receipt', () => {
  it('is asked for once the hand-over is committed, and one that cannot be printed never undoes it', async () => {
    const { s, screen } = await counter({ signature: 'optional' });
    const first = await itemFor(screen, 'E1');
    const second = await itemFor(screen, 'E1');
    const operator = (await addOperator(s, 'screener', 'SCREEN-9'));
    const asked: Array<{ items: string[]; state: string | undefined }> = [];
    const reports: string[] = [];
    let refuse = false;
    const service = new CollectionService(s.workflow, {
      printReceipt: (receipt) => {
        asked.push({ items: receipt.items.map((i) => i.custodyId), state: stateOf(s, receipt.items[0]!.custodyId) });
        if (refuse) throw new Error('the printer is out of labels');
      },
      report: (message) => reports.push(message),
    });
    service.handOver({ personKey: 'E1', custodyIds: [first], collector: { kind: 'recipient' }, signature: SIGNATURE }, operator);
    expect(asked).toEqual([{ items: [first], state: 'DELIVERED' }]);
    refuse = true;
    const done = service.handOver({ personKey: 'E1', custodyIds: [second], collector: { kind: 'recipient' } }, operator);
    expect(stateOf(s, second)).toBe('DELIVERED');
    expect(reports).toEqual([`the receipt of collection ${done.collectionId} was not printed: the printer is out of labels`]);
  });

  const proof = {
    kind: 'collection' as const,
    collectionId: 'c-1',
    recipientKey: 'E1',
    recipientName: 'Ann ^XZ Smith',
    collector: 'proxy' as const,
    proxyKey: null,
    proxyName: 'A Courier',
    authority: 'departmentContact' as const,
    authorisedBy: 'boss@example.org',
    idNumberHmac: 'h'.repeat(64),
    signatureSha256: 's'.repeat(64),
    photoSha256: 'p'.repeat(64),
  };
  const item = { custodyId: '0HZ-PHR-8DD', trackingNumber: '9400111206206406260787', carrier: 'usps', itemType: 'letter', receivedAt: '2026-01-01T00:00:00.000Z' } as unknown as Item;

  it('names the items, who collected on whose word, mentions the photo, and draws the signature as ZPL lines', () => {
    const zpl = collectionReceiptZpl(
      { siteName: 'Mail center', proof, items: [item], at: '2026-01-02T10:20:30.000Z', signature: signatureRecord({ width: 400, height: 100, strokes: [[[0, 0], [400, 100]], [[0, 100], [400, 0]], [[10, 50], [390, 50]]] }) },
      203,
    );
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl).toContain('COLLECTION RECEIPT');
    expect(zpl).toContain('0HZ-PHR-8DD  9400111206206406260787');
    expect(zpl).toContain('A Courier for Ann _5EXZ Smith, authorised by boss@example.org');
    expect(zpl).toContain('photo taken at the counter');
    // The print job is kept past the recipients retention: it says an ID number was recorded, never any of it.
    expect(zpl).toContain('ID document number recorded');
    // The two diagonals lean each their way; the level stroke is a box.
    expect(zpl).toMatch(/\^GD\d+,\d+,\d+,B,L\^FS/);
    expect(zpl).toMatch(/\^GD\d+,\d+,\d+,B,R\^FS/);
    // A name's ^XZ never ends the label early: only the last line ends it.
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });
});
