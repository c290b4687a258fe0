// A long paper's memory while it is made (issue 15, point 3): pdfkit kept each page's drawing as
// one small buffer per operator and every word it ever laid out; a daily log of 1,400 items held 66
// MB of heap when it ended, and its writes, living a page long, filled V8's old generation with
// garbage (the station's heap went from 40 to 110 MB while it answered a PDF daily log). The writes
// are joined as they come, the fonts keep no word layouts, and each page is written out as the next
// begins (its "Page N of M" a form written once M is known): the paper's memory is its page's, not
// its length's, and the paper reads the same.
import { describe, expect, it } from 'vitest';
import { ReportPdf } from '../../src/main/reports/reportPdf.ts';
import { pdfText } from '../helpers/pdfText.ts';

const ROWS = 1200;

function longTable(before: (pdf: ReportPdf) => void = () => undefined): ReportPdf {
  const pdf = new ReportPdf({ title: 'Long', subject: 'Long', compress: false, furniture: { runningTitle: 'Long table', footerLines: ['footer'], watermark: null } });
  before(pdf);
  pdf.heading('Items');
  const rows = Array.from({ length: ROWS }, (_, n) => [`MS-2026-${String(n).padStart(6, '0')}`, `1Z999AA1${String(n).padStart(10, '0')}`, `Recipient ${n}`, `10:${String(n % 60).padStart(2, '0')}:00`]);
  pdf.table(
    ['Custody ID', 'Tracking', 'Recipient', 'Time'].map((header) => ({ header, weight: 1 })),
    rows,
  );
  return pdf;
}

describe('a long report while it is made', () => {
  it('writes each page out as the next begins, holding only the page being drawn (in few pieces) and no word layouts; the paper has every row and its furniture', async () => {
    const pdf = longTable();
    const pages = pdf.pages;
    expect(pages).toBeGreaterThan(5);
    const internals = pdf.doc as unknown as { _pageBuffer: Array<{ content: { buffer: unknown[] } }>; _fontFamilies: Record<string, { layoutCache?: object }>; _offset: number };
    // Only the page being drawn (some 25 rows, 2,000 writes, in blocks of 64) is held; the others are out.
    expect(internals._pageBuffer).toHaveLength(1);
    expect(internals._pageBuffer[0]!.content.buffer.length).toBeLessThan(100);
    expect(internals._offset).toBeGreaterThan((pages - 1) * 10_000);
    // Each row has three words of its own (3,600 in all): no font keeps their layouts.
    for (const font of Object.values(internals._fontFamilies)) expect(Object.keys(font.layoutCache ?? {}).length).toBe(0);
    const text = pdfText(await pdf.finish());
    expect(text).toContain('MS-2026-000000');
    expect(text).toContain(`MS-2026-00${ROWS - 1}`);
    expect(text).toContain(`1Z999AA1000000${ROWS - 1}`);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Long table');
  });

  it('lays each row out once: its height is what drawing it took, not a measuring pass before (a quarter of a long table’s work and garbage)', async () => {
    let measured = 0;
    const pdf = longTable((made) => {
      const heightOfString = made.doc.heightOfString.bind(made.doc);
      made.doc.heightOfString = (...args: Parameters<typeof heightOfString>) => {
        measured += 1;
        return heightOfString(...args);
      };
    });
    // The header and the first row are measured to keep them together; no other row is.
    expect(measured).toBeLessThanOrEqual(3 * 4);
    const text = pdfText(await pdf.finish());
    expect(text).toContain(`MS-2026-00${ROWS - 1}`);
  });
});
