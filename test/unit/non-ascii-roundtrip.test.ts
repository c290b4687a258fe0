import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { reportSources } from '../../src/main/core/reportSources.ts';
import { ReportService } from '../../src/main/reports/index.ts';
import { drawableText } from '../../src/main/reports/drawableText.ts';
import type { Item } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation, tempDir } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => station?.close());

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

const NAME = 'Zoë Ångström';
const CITY = '東京';
const PARCEL = '📦';

describe('report text the font cannot draw', () => {
  it('writes characters without a glyph as their code points, in runs, keeping line breaks and dropping shaping marks', () => {
    const latinOnly = (cp: number) => cp < 0x3000;
    expect(drawableText('Zoë Ångström', latinOnly)).toBe('Zoë Ångström');
    expect(drawableText('東京 office\nfloor 2', latinOnly)).toBe('[U+6771 U+4EAC] office\nfloor 2');
    expect(drawableText('📦\uFE0F', latinOnly)).toBe('[U+1F4E6]');
  });
});

describe('non-ASCII text is stored and shown exactly', () => {
  it('round-trips a unicode scan and names through intake, details, history, search and a PDF report', async () => {
    station = makeStation();
    const operator = await addOperator(station, 'coordinator', 'CO-1');
    const screen = station.connect();
    await screen.call('session.login', { badge: operator.badge, pin: '2468' });
    const code = `${CITY}-${PARCEL}-Ω7`;
    const scanned = (await screen.call('intake.scan', { code })) as Answer<{ item: Item }>;
    expect(scanned).toMatchObject({ ok: true, value: { item: { scannedCode: code } } });
    if (!scanned.ok) return;
    const custodyId = scanned.value.item.custodyId;
    const recipient = `${NAME}, ${CITY} ${PARCEL}`;
    expect(await screen.call('item.setDetails', { custodyId, itemType: 'parcel', recipient, sender: 'Łukasz Wróbel' })).toMatchObject({ ok: true, value: { detail: { recipient, sender: 'Łukasz Wróbel' } } });
    const history = (await screen.call('item.history', { custodyId })) as Answer<{ events: Array<{ kind: string; payload: Record<string, unknown> }> }>;
    expect(history.ok && history.value.events.map((e) => [e.kind, e.payload.scannedCode ?? e.payload.recipient])).toEqual([
      ['item.received', code],
      ['item.detailsRecorded', recipient],
    ]);
    for (const query of ['Zoë', 'ångström', CITY]) {
      const found = (await screen.call('search.items', { recipient: query, limit: 5 })) as Answer<{ items: Array<Item & { recipient: string | null }> }>;
      expect(found.ok && found.value.items.map((i) => i.recipient), query).toEqual([recipient]);
    }
    const byCode = (await screen.call('search.items', { query: code, limit: 5 })) as Answer<{ items: Item[] }>;
    expect(byCode.ok && byCode.value.items.map((i) => i.custodyId)).toEqual([custodyId]);

    const reports = new ReportService(reportSources(station.workflow), station.incidents);
    const file = await reports.custodyForm(custodyId, { actor: `operator:${operator.id}`, name: operator.name });
    const pdf = path.join(tempDir(), 'custody.pdf');
    writeFileSync(pdf, file.bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(NAME);
    expect(text).toContain('Łukasz Wróbel');
    // DejaVu Sans has no CJK or emoji glyphs: those print as their code points, never as blanks.
    expect(text).toContain('Addressee: Zoë Ångström, [U+6771 U+4EAC] [U+1F4E6]');
    expect(text).toContain('[U+6771 U+4EAC]-[U+1F4E6]-Ω7');
  });
});
