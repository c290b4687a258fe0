// Issue 14, point 4: the receipt of a hand-over at the counter, e-mailed to the recipient through
// the notice job queue (queued in the hand-over's transaction), received by a real SMTP server over
// TLS: it names the items and who collected, attaches the signature's SVG and mentions the photo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purge } from '../../src/main/records/index.ts';
import { applyDirectory } from '../../src/main/notify/directory/applyDirectory.ts';
import { NoticeSettings } from '../../src/main/notify/index.ts';
import { DEFAULT_COLLECTION_POLICY, type CommandResult } from '../../src/shared/contract/index.ts';
import type { Station } from '../../src/main/core/station.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import { addOperator, coordinatorScreen, makeStation } from '../helpers/station.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtpServer.ts';
import { tinyJpeg } from '../helpers/jpeg.ts';
import { waitFor } from '../helpers/wait.ts';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp?.close();
});

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A station with notices to the test SMTP server, Ann Smith in the directory, the counter's policy asking for a photo, and a coordinator's screen. */
async function counterStation(): Promise<{ station: Station; screen: StationConnection; admin: StationConnection }> {
  const station = makeStation({
    notices: { settings: NoticeSettings.parse({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'mailroom@example.org' }, collectAt: 'Mailroom, building A' }), ca: smtp.ca },
  });
  station.start();
  applyDirectory(station.store, [{ key: 'E1', name: 'Ann Smith', email: 'ann@example.org', department: null, location: null, employeeId: 'E1', badge: 'B-1' }], 'csv', {
    actor: 't',
    mode: 'live',
    fileName: null,
    sha256: null,
  });
  await addOperator(station, 'admin', 'ADMIN-1');
  const admin = station.connect();
  ok(await admin.call('session.login', { badge: 'ADMIN-1', pin: '2468' }), 'admin');
  ok(await admin.call('site.update', { collection: { ...DEFAULT_COLLECTION_POLICY, photo: 'required' } }), 'policy');
  return { station, screen: await coordinatorScreen(station), admin };
}

/** A letter for Ann Smith taken in and cleared: its custody ID. */
async function clearedLetter(screen: StationConnection, code: string): Promise<string> {
  const custodyId = ok<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code }), 'scan').item.custodyId;
  ok(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
  ok(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E1' }), 'recipient');
  ok(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
  ok(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
  ok(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
  ok(await screen.call('item.clear', { custodyId }), 'clear');
  return custodyId;
}

const signature = { width: 300, height: 100, strokes: [[[5, 5], [295, 95]]] };

/**
 * Two letters handed over at once with a signature and a photo, every notice sent, the second item
 * put on legal hold, and the retention `policy` set: ten days on (`later`) both are past it.
 */
async function twoHandedOverSecondHeld({ station, screen, admin }: Awaited<ReturnType<typeof counterStation>>, policy: { recipients?: number; items?: number }) {
  const first = await clearedLetter(screen, 'EE123456785US');
  const second = await clearedLetter(screen, 'RB123456785GB');
  ok(await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [first, second], collector: { kind: 'recipient' }, signature, photoJpegBase64: tinyJpeg().toString('base64') }), 'hand over');
  await waitFor('every notice sent', () => allSent(station), 60_000);
  const hold = ok<{ holds: Array<{ id: number }> }>(await admin.call('records.legalHold', { action: 'place', subject: { type: 'item', custodyId: second }, reason: 'Court order 12' }), 'hold').holds[0]!;
  ok(await admin.call('records.retention', { action: 'set', policy }), 'retention');
  return { first, second, hold, later: new Date(Date.now() + 10 * 86_400_000) };
}

describe('the receipt of a hand-over', () => {
  it('is e-mailed to the recipient with the signature attached and the photo mentioned, once the items are handed over', async () => {
    const { station, screen } = await counterStation();
    try {
      const custodyId = await clearedLetter(screen, '9400111206206406260787');
      ok(
        await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [custodyId], collector: { kind: 'recipient' }, signature, photoJpegBase64: tinyJpeg().toString('base64') }),
        'hand over',
      );
      const receipt = await waitFor('the receipt', () => smtp.received.find((mail) => /Subject: Receipt/.test(mail.raw) && mail.raw.includes(custodyId)), 60_000);
      expect(receipt.to).toEqual(['ann@example.org']);
      expect(receipt.secure).toBe(true);
      expect(receipt.raw).toContain(custodyId);
      // Quoted-printable's soft line breaks taken out.
      const text = receipt.raw.replace(/=\r?\n/g, '');
      expect(text).toMatch(/Collected by: Ann Smith in person/);
      expect(text).toMatch(/Proof recorded: signature \(attached\); photo taken at the counter/);
      expect(receipt.raw).toMatch(/Content-Type: image\/svg\+xml; name=signature\.svg/);
      const queued = station.store.db.prepare("SELECT payload FROM audit_events WHERE kind = 'notice.queued'").all() as Array<{ payload: string }>;
      expect(queued.map((row) => JSON.parse(row.payload).notice)).toEqual(['ready', 'receipt']);
    } finally {
      station.close();
    }
  });

  it("of several items is one e-mail naming them all, on each item's history", async () => {
    const { station, screen } = await counterStation();
    try {
      const first = await clearedLetter(screen, 'EE123456785US');
      const second = await clearedLetter(screen, 'RB123456785GB');
      ok(
        await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [first, second], collector: { kind: 'recipient' }, signature, photoJpegBase64: tinyJpeg().toString('base64') }),
        'hand over',
      );
      await waitFor('the receipt', () => smtp.received.find((mail) => /Subject: Receipt/.test(mail.raw) && mail.raw.includes(second)), 60_000);
      expect(smtp.received.filter((mail) => /Subject: Receipt/.test(mail.raw) && (mail.raw.includes(first) || mail.raw.includes(second)))).toHaveLength(1);
      const receiptsOn = async (custodyId: string) =>
        ok<{ events: Array<{ kind: string; payload: { notice?: string } }> }>(await screen.call('item.history', { custodyId }), 'history').events.filter((e) => e.kind === 'notice.queued' && e.payload.notice === 'receipt');
      // The same notice (one e-mail) on the history of both items handed over, not the first alone.
      const onFirst = await receiptsOn(first);
      const onSecond = await receiptsOn(second);
      expect(onFirst).toHaveLength(1);
      expect(onSecond).toEqual(onFirst);
      // Closed once every notice has had its fate (the queue is not cut off mid-send).
      await waitFor('every notice sent', () => allSent(station), 60_000);
    } finally {
      station.close();
    }
  });

  it('stays while another item of the hand-over keeps its recipient data (attack: the first item past retention, the second on legal hold)', async () => {
    const counter = await counterStation();
    const { station, screen, admin } = counter;
    try {
      const { first, second, hold, later } = await twoHandedOverSecondHeld(counter, { recipients: 1 });
      const receiptJob = () => station.store.db.prepare("SELECT id FROM notice_jobs WHERE notice = 'receipt'").pluck().get() as number | undefined;
      expect(receiptJob()).toBeDefined();

      // The first item's ready notice goes; the receipt is the held item's too, and stays on its history.
      expect(purge(station.store, { by: 'cli:test', imageStore: null, dryRun: true, now: later })).toMatchObject({ recipients: 1, personal: { notices: 1 } });
      expect(purge(station.store, { by: 'cli:test', imageStore: null, dryRun: false, now: later })).toMatchObject({ recipients: 1, personal: { notices: 1 } });
      expect(station.store.db.prepare('SELECT notice FROM notice_jobs WHERE custody_id = ?').pluck().all(first)).toEqual(['receipt']);
      const history = ok<{ events: Array<{ kind: string; payload: { notice?: string } }> }>(await screen.call('item.history', { custodyId: second }), 'history').events;
      expect(history.filter((e) => e.kind === 'notice.queued').map((e) => e.payload.notice)).toEqual(['ready', 'receipt']);
      // A second run takes nothing more while the hold stands; released, the receipt goes with the rest.
      expect(purge(station.store, { by: 'cli:test', imageStore: null, dryRun: false, now: later })).toMatchObject({ recipients: 0 });
      ok(await admin.call('records.legalHold', { action: 'release', holdId: hold.id, reason: 'Case closed' }), 'release');
      expect(purge(station.store, { by: 'cli:test', imageStore: null, dryRun: false, now: later })).toMatchObject({ recipients: 2, personal: { notices: 2 } });
      expect(receiptJob()).toBeUndefined();
      expect(station.store.db.prepare('SELECT count(*) FROM notice_jobs').pluck().get()).toBe(0);
    } finally {
      station.close();
    }
  });

  it('stays, filed under the hand-over, when its first item is purged whole while another is held (attack: it went with the first item)', async () => {
    const counter = await counterStation();
    const { station, screen } = counter;
    try {
      const { first, second, later } = await twoHandedOverSecondHeld(counter, { items: 1 });
      const receipts = () => station.store.db.prepare("SELECT id, custody_id AS custodyId FROM notice_jobs WHERE notice = 'receipt'").all() as Array<{ id: number; custodyId: string }>;
      const [receipt] = receipts();
      expect(receipt).toMatchObject({ custodyId: first });

      // The first item goes whole with its own ready notice; the receipt is the held item's too.
      expect(purge(station.store, { by: 'cli:test', imageStore: null, dryRun: true, now: later })).toMatchObject({ items: 1, personal: { notices: 1 } });
      expect(purge(station.store, { by: 'cli:test', imageStore: null, dryRun: false, now: later })).toMatchObject({ items: 1, personal: { notices: 1 } });
      expect(station.store.db.prepare('SELECT count(*) FROM items WHERE custody_id = ?').pluck().get(first)).toBe(0);
      expect(receipts()).toEqual([{ id: receipt!.id, custodyId: second }]);
      const history = ok<{ events: Array<{ kind: string; payload: { notice?: string } }> }>(await screen.call('item.history', { custodyId: second }), 'history').events;
      expect(history.filter((e) => e.kind === 'notice.queued').map((e) => e.payload.notice)).toEqual(['ready', 'receipt']);
      // The record still verifies whole (notice_jobs is operational: re-filing it edits no replayed row).
      expect(station.store.audit.verify()).toMatchObject({ ok: true });
      // Re-filing is the one change a notice takes: not its message, not to an item outside the hand-over.
      const edit = (sql: string) => () => station.store.db.prepare(`UPDATE notice_jobs SET payload = ${sql} WHERE id = ?`).run(receipt!.id);
      expect(edit(`json_set(payload, '$.text', 'Collected by someone else')`)).toThrow(/a notice's content is fixed/);
      expect(edit(`json_set(payload, '$.custodyId', 'MS-NOT-HANDED-OVER')`)).toThrow(/a notice's content is fixed/);
      expect(edit(`json_set(payload, '$.custodyId', '${second}', '$.to', json_array('mallory@example.org'))`)).toThrow(/a notice's content is fixed/);
    } finally {
      station.close();
    }
  });
});

/** true once every notice the station queued has had its fate; undefined until then. */
const allSent = (station: Station): true | undefined =>
  station.store.db.prepare("SELECT count(*) FROM notice_jobs WHERE state NOT IN ('done', 'failed')").pluck().get() === 0 ? true : undefined;
