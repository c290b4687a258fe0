// A paper made from the screen goes back in the response, not to a file: its audit event must
// carry the SHA-256 of exactly the bytes the screen received.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

const sha256OfBase64 = (content: string) => createHash('sha256').update(Buffer.from(content, 'base64')).digest('hex');

describe('reports made from the screen', () => {
  it('each is recorded with the SHA-256 of the bytes returned to the screen', async () => {
    station = makeStation();
    const coordinator = await addOperator(station, 'coordinator', 'BADGE-C9', '731942');
    const screen = station.connect();
    expect(await screen.call('session.login', { badge: coordinator.badge, pin: '731942' })).toMatchObject({ ok: true });
    const scanned = await screen.call('intake.scan', { code: 'PARCEL-9' });
    const custodyId = (scanned as { value: { item: { custodyId: string } } }).value.item.custodyId;
    const today = new Date().toISOString().slice(0, 10);

    const made = [
      await screen.call('report.custodyForm', { custodyId }),
      await screen.call('report.dailyLog', { date: today, format: 'csv', mode: 'live' }),
      await screen.call('report.dailyLog', { date: today, format: 'pdf', mode: 'live' }),
      await screen.call('audit.export', { from: today, to: today }),
    ];
    for (const result of made) {
      expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(true);
      const value = (result as { value: { pdfBase64?: string; contentBase64?: string; recordedAs: { auditSeq: number; fileSha256: string } } }).value;
      const returned = sha256OfBase64(value.pdfBase64 ?? value.contentBase64 ?? '');
      expect(value.recordedAs.fileSha256).toBe(returned);
      const event = [...station.store.audit.events()].find((e) => e.seq === value.recordedAs.auditSeq);
      expect(event?.kind).toMatch(/^(report\.generated|audit\.exported)$/);
      expect(event?.payload.sha256).toBe(returned);
    }
  });
});
