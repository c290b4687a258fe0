// A long paper's memory while it is made (issue 15, point 3): the pages are kept until the end
// for their furniture (page N of M), and pdfkit kept each page's drawing as one small buffer per
// operator and every word it ever laid out; a daily log of 1,400 items held 66 MB of heap when
// it ended (the station's peak while a PDF daily log was asked for). The pages done with are
// joined into one buffer each, the fonts' word layouts are kept for a page at most, and the
// paper reads the same.
import { describe, expect, it } from 'vitest';
import { ReportPdf } from '../../src/main/reports/reportPdf.ts';
import { pdfText } from '../helpers/pdfText.ts';

function longTable(): ReportPdf {
  const pdf = new ReportPdf({ title: 'Long', subject: 'Long', compress: false, furniture: { runningTitle: 'Long table', footerLines: ['footer'], watermark: null } });
  pdf.heading('Items');
  const rows = Array.from({ length: 400 }, (_, n) => [`MS-2026-${String(n).padStart(6, '0')}`, `1Z999AA1${String(n).padStart(10, '0')}`, `Recipient ${n}`, `10:${String(n % 60).padStart(2, '0')}:00`]);
  pdf.table(
    ['Custody ID', 'Tracking', 'Recipient', 'Time'].map((header) => ({ header, weight: 1 })),
    rows,
  );
  return pdf;
}

describe('a long report while it is made', () => {
  it('holds each finished page as one buffer and no word layouts of past pages; the paper has every row and its furniture', async () => {
    const pdf = longTable();
    const pages = pdf.doc.bufferedPageRange().count;
    expect(pages).toBeGreaterThan(5);
    const internals = pdf.doc as unknown as { _pageBuffer: Array<{ content: { buffer: unknown[] } }>; _fontFamilies: Record<string, { layoutCache?: object }> };
    // One piece per page done with (the current page is still being drawn).
    const held = internals._pageBuffer.slice(0, -1).reduce((sum, page) => sum + page.content.buffer.length, 0);
    expect(held).toBe(pages - 1);
    const fonts = internals._fontFamilies;
    const wordsLaidOut = Object.values(fonts).reduce((sum, font) => sum + Object.keys(font.layoutCache ?? {}).length, 0);
    // The last page's words at most (a page has some 25 rows of 4 cells), not the 400 rows'.
    expect(wordsLaidOut).toBeLessThan(400);
    const text = pdfText(await pdf.finish());
    expect(text).toContain('MS-2026-000000');
    expect(text).toContain('MS-2026-000399');
    expect(text).toContain('1Z999AA10000000399');
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Long table');
  });
});
