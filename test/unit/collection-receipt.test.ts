// Issue 14, point 4: the receipt of a hand-over at the counter, e-mailed to the recipient through
// the notice job queue (queued in the hand-over's transaction), received by a real SMTP server over
// TLS: it names the items and who collected, attaches the signature's SVG and mentions the photo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDirectory } from '../../src/main/notify/directory/applyDirectory.ts';
import { NoticeSettings } from '../../src/main/notify/index.ts';
import { DEFAULT_COLLECTION_POLICY, type CommandResult } from '../../src/shared/contract/index.ts';
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

describe('the receipt of a hand-over', () => {
  it('is e-mailed to the recipient with the signature attached and the photo mentioned, once the items are handed over', async () => {
    const station = makeStation({
      notices: { settings: NoticeSettings.parse({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'mailroom@example.org' }, collectAt: 'Mailroom, building A' }), ca: smtp.ca },
    });
    try {
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
      const screen = await coordinatorScreen(station);
      const custodyId = ok<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: '9400111206206406260787' }), 'scan').item.custodyId;
      ok(await screen.call('item.setDetails', { custodyId, itemType: 'letter' }), 'details');
      ok(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E1' }), 'recipient');
      ok(await screen.call('item.enterWeight', { custodyId, grams: 21, reason: 'Scale out for service' }), 'weigh');
      ok(await screen.call('item.inspect', { custodyId, indicators: [], notes: '' }), 'inspect');
      ok(await screen.call('item.skipStep', { custodyId, step: 'xray', reason: 'Letters are not X-rayed at medium risk' }), 'skip');
      ok(await screen.call('item.clear', { custodyId }), 'clear');
      const signature = { width: 300, height: 100, strokes: [[[5, 5], [295, 95]]] };
      ok(
        await screen.call('collection.handOver', { personKey: 'E1', custodyIds: [custodyId], collector: { kind: 'recipient' }, signature, photoJpegBase64: tinyJpeg().toString('base64') }),
        'hand over',
      );
      const receipt = await waitFor('the receipt', () => smtp.received.find((mail) => /Subject: Receipt/.test(mail.raw)), 60_000);
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
});
