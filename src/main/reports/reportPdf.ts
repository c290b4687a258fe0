import PDFDocument from 'pdfkit';
import { drawableText } from './drawableText.ts';
import { REPORT_FONTS } from './fonts.ts';

/** What every page carries, drawn once the content is laid out and the page count is known. */
export interface PageFurniture {
  /** Top of every page after the first: which paper this page belongs to if the pages come apart. */
  runningTitle: string;
  footerLines: string[];
  /** DRILL or DEMO across every page: an exercise must never be mistaken for a real record. */
  watermark: string | null;
}

export interface TableColumn {
  header: string;
  /** Relative width; the columns share the text width in these proportions. */
  weight: number;
}

export interface ReportPdfOptions {
  title: string;
  subject: string;
  furniture: PageFurniture;
  /**
   * The audit chain head the paper was made at. Printed in the footer for people, and also put in
   * the document info (stored uncompressed) so `verify --against <pdf>` can read it back.
   */
  chainHead?: { seq: number; hash: string };
  /** Tests turn compression off; real papers are compressed. */
  compress?: boolean;
}

/** `mailscreen-chain-head <seq>:<sha256>`: the form verify looks for in a report's bytes. */
export function chainHeadKeyword(head: { seq: number; hash: string }): string {
  return `mailscreen-chain-head ${head.seq}:${head.hash}`;
}

const MARGIN = 48;
const TOP = 64;
const BOTTOM = 72;
const GREY = '#555555';
const RULE = '#999999';
/** A page's content writes joined into one buffer every this many (see ReportPdf's #packAsWritten). */
const PACK_EVERY = 64;

/**
 * A small layout layer over pdfkit: headings, label/value fields and tables that break across
 * pages with their header repeated, so each report reads as a form rather than free text.
 */
export class ReportPdf {
  readonly doc: PDFKit.PDFDocument;
  readonly #furniture: PageFurniture;
  readonly #chunks: Buffer[] = [];
  readonly #done: Promise<Buffer>;

  constructor(options: ReportPdfOptions) {
    this.#furniture = options.furniture;
    this.doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: TOP, bottom: BOTTOM, left: MARGIN, right: MARGIN },
      // Each page is written out (and let go of) as the next begins: a paper's memory is its page's,
      // not its whole length's. Its furniture is drawn just before; the page count it names is not
      // known yet, so "Page N of M" is a small form each page shows, written once M is (#numberPages).
      bufferPages: false,
      // pdfkit would keep every word it lays out for as long as the document lives (a custody ID
      // and a tracking number per row of a daily log): kept, each word's glyph positions outlive
      // V8's young generation and end as old garbage. Laying words out again costs a 1,400-item
      // daily log about a second of CPU and saves it 16 MB of heap at its peak (58 -> 42 MB).
      fontLayoutCache: false,
      compress: options.compress ?? true,
      info: {
        Title: options.title,
        Subject: options.subject,
        Creator: 'Mailscreen',
        Producer: 'Mailscreen',
        ...(options.chainHead ? { Keywords: chainHeadKeyword(options.chainHead) } : {}),
      },
    });
    this.#done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.#chunks)));
      this.doc.on('error', reject);
    });
    this.doc.registerFont('regular', REPORT_FONTS.regular);
    this.doc.registerFont('bold', REPORT_FONTS.bold);
    this.doc.font('regular').fontSize(10).fillColor('black');
    this.#drawOnlyWhatTheFontHas();
    this.#packAsWritten();
    // Every new page, however it comes (a table's next row, text running on, a report's own
    // addPage), first finishes the one before with its furniture.
    const addPage = this.doc.addPage.bind(this.doc);
    Object.assign(this.doc, {
      addPage: (options?: PDFKit.PDFDocumentOptions) => {
        this.#furnish();
        return addPage(options);
      },
    });
    this.doc.on('pageAdded', () => {
      this.#pages += 1;
      this.#packAsWritten();
    });
  }

  /** Pages begun so far (the first is begun with the document); once finished, the paper's page count. */
  get pages(): number {
    return this.#pages;
  }

  #pages = 1;
  /** Each page's "Page N of M" form, written once M is known (#numberPages). */
  readonly #pageNumbers: Array<{ form: PDFKit.PDFKitReference; page: number; left: number; top: number; width: number }> = [];

  /**
   * pdfkit turns each operator a page is drawn with into a small buffer of its own (some 200 bytes
   * of heap for 20 of content) and keeps it until the page is written, long enough to be moved to
   * V8's old generation and stay there as garbage until its next full collection. So the current
   * page's operators are kept as the text they come as and turned into bytes PACK_EVERY at a time
   * (and the rest before the page is written). The bytes are the same, in the same order.
   */
  #packAsWritten(): void {
    const content = (this.doc.page as unknown as { content?: { write?: (chunk: unknown) => void; end?: (chunk?: unknown) => void } }).content;
    const write = content?.write;
    const end = content?.end;
    if (!content || typeof write !== 'function' || typeof end !== 'function') return;
    const pending: string[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      // As pdfkit writes an operator: its text and a line feed, each character's low byte.
      const text = `${pending.join('\n')}\n`;
      pending.length = 0;
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i) & 0xff;
      write.call(content, bytes);
    };
    content.write = (chunk: unknown) => {
      if (typeof chunk !== 'string') {
        flush();
        write.call(content, chunk);
        return;
      }
      pending.push(chunk);
      if (pending.length >= PACK_EVERY) flush();
    };
    content.end = (chunk?: unknown) => {
      if (chunk !== undefined && chunk !== null) content.write!(chunk);
      flush();
      end.call(content);
    };
  }

  /**
   * Every string this layer lays out or measures goes through the document's text, heightOfString
   * and widthOfString: there, characters the current font cannot draw become their code points
   * (drawableText.ts), so a measured height is the drawn one and nothing prints as a blank.
   */
  #drawOnlyWhatTheFontHas(): void {
    const doc = this.doc;
    // Per font name, per code point (numbers: a key made per character would itself be most of
    // what measuring a long table allocates).
    const glyphs = new Map<string, Map<number, boolean>>();
    // pdfkit keeps the current fontkit font on `_font.font`; it has no public way to ask for a glyph.
    const hasGlyph = (cp: number) => {
      const font = (doc as unknown as { _font?: { name?: string; font?: { hasGlyphForCodePoint?(cp: number): boolean } } })._font;
      const check = font?.font?.hasGlyphForCodePoint;
      if (check === undefined) return true;
      const name = font?.name ?? '';
      let known = glyphs.get(name);
      if (!known) glyphs.set(name, (known = new Map()));
      let has = known.get(cp);
      if (has === undefined) {
        has = check.call(font!.font, cp);
        known.set(cp, has);
      }
      return has;
    };
    const drawable = (text: unknown) => (typeof text === 'string' ? drawableText(text, hasGlyph) : text);
    const text = doc.text.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
    const heightOfString = doc.heightOfString.bind(doc) as (...args: unknown[]) => number;
    const widthOfString = doc.widthOfString.bind(doc) as (...args: unknown[]) => number;
    Object.assign(doc, {
      text: (first: unknown, ...rest: unknown[]) => text(drawable(first), ...rest),
      heightOfString: (first: unknown, ...rest: unknown[]) => heightOfString(drawable(first), ...rest),
      widthOfString: (first: unknown, ...rest: unknown[]) => widthOfString(drawable(first), ...rest),
    });
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get #bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.#bottom) this.doc.addPage();
  }

  title(text: string, subtitle: string | null = null): void {
    const doc = this.doc;
    doc.font('bold').fontSize(17).fillColor('black').text(text, this.left, doc.y, { width: this.width });
    if (subtitle) doc.font('regular').fontSize(10).fillColor(GREY).text(subtitle, { width: this.width });
    doc.fillColor('black').moveDown(0.5);
  }

  /** A full-width coloured band: DRILL, SUSPECT — DO NOT OPEN. */
  banner(text: string, color: string): void {
    const doc = this.doc;
    doc.font('bold').fontSize(13);
    const h = doc.heightOfString(text, { width: this.width - 16 }) + 10;
    this.ensureSpace(h + 6);
    const y = doc.y;
    doc.save().rect(this.left, y, this.width, h).fill(color).restore();
    doc.fillColor('white').text(text, this.left + 8, y + 5, { width: this.width - 16, align: 'center' });
    doc.fillColor('black').font('regular').fontSize(10);
    doc.x = this.left;
    doc.y = y + h + 8;
  }

  heading(text: string): void {
    const doc = this.doc;
    doc.moveDown(0.6);
    // Kept with what follows: a heading alone at the foot of a page reads as an empty section.
    this.ensureSpace(96);
    doc.font('bold').fontSize(12).fillColor('black').text(text, this.left, doc.y, { width: this.width });
    const y = doc.y + 1;
    doc.save().moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.6).strokeColor(RULE).stroke().restore();
    doc.y = y + 5;
    doc.font('regular').fontSize(10);
  }

  paragraph(text: string, options: { bold?: boolean; size?: number; color?: string } = {}): void {
    const doc = this.doc;
    doc
      .font(options.bold ? 'bold' : 'regular')
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(text, this.left, doc.y, { width: this.width });
    doc.font('regular').fontSize(10).fillColor('black');
    doc.moveDown(0.3);
  }

  note(text: string): void {
    this.paragraph(text, { size: 8.5, color: GREY });
  }

  /** Label / value pairs in two columns; a value too long for one page flows on as text. */
  fields(rows: Array<[string, string]>, labelWidth = 150): void {
    const doc = this.doc;
    const valueWidth = this.width - labelWidth - 8;
    for (const [label, value] of rows) {
      doc.font('bold').fontSize(9);
      const lh = doc.heightOfString(label, { width: labelWidth });
      doc.font('regular').fontSize(10);
      const vh = doc.heightOfString(value || '—', { width: valueWidth });
      const h = Math.max(lh, vh) + 3;
      if (h > this.#bottom - this.doc.page.margins.top) {
        this.paragraph(label, { bold: true, size: 9 });
        this.paragraph(value);
        continue;
      }
      this.ensureSpace(h);
      const y = doc.y;
      doc.font('bold').fontSize(9).fillColor(GREY).text(label, this.left, y + 1, { width: labelWidth });
      doc.font('regular').fontSize(10).fillColor('black').text(value || '—', this.left + labelWidth + 8, y, { width: valueWidth });
      doc.x = this.left;
      doc.y = y + h;
    }
    doc.moveDown(0.2);
  }

  /**
   * A bordered table; the header repeats on every page it spans. A row taller than a whole page
   * (a 4,000-character note) is printed as labelled text instead of being cut.
   */
  table(columns: TableColumn[], rows: Iterable<string[]>, options: { fontSize?: number; emptyText?: string; minRowHeight?: number } = {}): void {
    const doc = this.doc;
    const size = options.fontSize ?? 8.5;
    const pad = 3;
    // Rows are taken one at a time (a long table's are made as they are drawn, not held for its length).
    const each = rows[Symbol.iterator]();
    const first = each.next();
    if (first.done) {
      this.note(options.emptyText ?? 'None recorded.');
      return;
    }
    const total = columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * this.width);
    const measure = (cells: string[], font: 'regular' | 'bold') => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: string[], height: number, header: boolean) => {
      const y = doc.y;
      let x = this.left;
      if (header) doc.save().rect(this.left, y, this.width, height).fill('#e6e6e6').restore();
      doc.font(header ? 'bold' : 'regular').fontSize(size).fillColor('black');
      cells.forEach((cell, i) => {
        const w = widths[i]!;
        doc.save().rect(x, y, w, height).lineWidth(0.5).strokeColor(RULE).stroke().restore();
        doc.text(cell, x + pad, y + pad, { width: w - 2 * pad });
        x += w;
      });
      doc.x = this.left;
      doc.y = y + height;
    };
    /**
     * A body row laid out once, where it would go: each cell's text drawn with its operators held
     * back, the row's height what that drawing took (the same as measuring it: pdfkit lays text out
     * the one way for both; the paper's bytes are unchanged). Laying each row out twice, to measure
     * and then to draw, cost a 1,400-item daily log a quarter of its CPU and of what it allocated
     * (3.0 s and some 1.1 GB of short-lived objects; 2.2 s and 0.85 GB laid out once). `write`
     * puts the row on the page as drawRow would have; a row that does not fit is laid out again
     * where it goes.
     */
    const layRow = (cells: string[]): { height: number; write: () => void } => {
      const y = doc.y;
      const page = doc.page;
      const held: string[][] = [];
      let tallest = 0;
      let x = this.left;
      doc.font('regular').fontSize(size);
      cells.forEach((cell, i) => {
        const w = widths[i]!;
        const ops: string[] = [];
        held.push(ops);
        Object.assign(page, { write: (chunk: string) => void ops.push(chunk) });
        try {
          // No height limit: a row too tall for the page must not start one (it is printed as text instead).
          doc.text(cell, x + pad, y + pad, { width: w - 2 * pad, height: Infinity });
        } finally {
          delete (page as { write?: unknown }).write;
        }
        tallest = Math.max(tallest, cell ? doc.y - (y + pad) : doc.heightOfString(' ', { width: w - 2 * pad }));
        x += w;
      });
      doc.x = this.left;
      doc.y = y;
      const height = Math.max(tallest + 2 * pad, options.minRowHeight ?? 0);
      return {
        height,
        write: () => {
          doc.fillColor('black');
          let left = this.left;
          held.forEach((ops, i) => {
            const w = widths[i]!;
            doc.save().rect(left, y, w, height).lineWidth(0.5).strokeColor(RULE).stroke().restore();
            for (const op of ops) doc.addContent(op);
            left += w;
          });
          doc.x = this.left;
          doc.y = y + height;
        },
      };
    };
    const headers = columns.map((c) => c.header);
    const headerHeight = measure(headers, 'bold');
    const pageRoom = this.#bottom - doc.page.margins.top - headerHeight;
    this.ensureSpace(headerHeight + Math.min(measure(first.value, 'regular'), pageRoom));
    drawRow(headers, headerHeight, true);
    for (let next: IteratorResult<string[]> = first; !next.done; next = each.next()) {
      const row = next.value;
      let laid = layRow(row);
      if (laid.height > pageRoom) {
        doc.moveDown(0.3);
        row.forEach((cell, i) => this.paragraph(`${headers[i]}: ${cell}`, { size: size + 0.5 }));
        doc.moveDown(0.3);
        continue;
      }
      if (doc.y + laid.height > this.#bottom) {
        doc.addPage();
        drawRow(headers, headerHeight, true);
        laid = layRow(row);
      }
      laid.write();
    }
    doc.font('regular').fontSize(10);
    doc.moveDown(0.5);
  }

  /** How many rows of `rowHeight` fit below a table header on the rest of this page. */
  rowsLeftOnPage(rowHeight: number, headerHeight = 30): number {
    return Math.floor((this.#bottom - this.doc.y - headerHeight - 8) / rowHeight);
  }

  /** A line to sign on, with what the signature means printed under it. */
  signatureLines(labels: string[]): void {
    const doc = this.doc;
    const gap = 16;
    const w = (this.width - gap * (labels.length - 1)) / labels.length;
    this.ensureSpace(48);
    const y = doc.y + 26;
    labels.forEach((label, i) => {
      const x = this.left + i * (w + gap);
      doc.save().moveTo(x, y).lineTo(x + w, y).lineWidth(0.7).strokeColor('black').stroke().restore();
      doc.font('regular').fontSize(8).fillColor(GREY).text(label, x, y + 3, { width: w });
    });
    doc.fillColor('black').fontSize(10);
    doc.x = this.left;
    doc.y = y + 22;
  }

  /**
   * What every page carries, drawn on the page being finished (just before the next begins, or at
   * the end): the running title, the footer, its "Page N of M" form, the watermark over the content.
   * The document's font, size, colour and position are left as they were: text running on to the
   * next page goes on as it was.
   */
  #furnish(): void {
    const doc = this.doc;
    const state = doc as unknown as { _font: unknown; _fontSize: unknown; _fontFamily: unknown; _fontSource: unknown; _fillColor: unknown };
    const kept = { x: doc.x, y: doc.y, font: state._font, fontSize: state._fontSize, fontFamily: state._fontFamily, fontSource: state._fontSource, fillColor: state._fillColor };
    const page = doc.page;
    const saved = { ...page.margins };
    // Furniture lives in the margins; with them at zero pdfkit does not start a new page for it.
    page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    const left = saved.left;
    const width = page.width - saved.left - saved.right;
    if (this.#pages > 1) {
      doc.font('regular').fontSize(8).fillColor(GREY).text(this.#furniture.runningTitle, left, 30, { width, lineBreak: false });
    }
    const footerTop = page.height - saved.bottom + 14;
    doc.save().moveTo(left, footerTop - 4).lineTo(left + width, footerTop - 4).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    this.#pageNumberForm(left, footerTop, width);
    let y = footerTop;
    for (const line of this.#furniture.footerLines) {
      // Shrunk to fit rather than wrapped: a wrapped footer line would run into the next one.
      let size = 7;
      doc.font('regular').fontSize(size);
      while (size > 5 && doc.widthOfString(line) > width - 70) doc.fontSize((size -= 0.25));
      doc.fillColor(GREY).text(line, left, y, { width: width - 70, lineBreak: false, height: 9 });
      y += 9;
    }
    if (this.#furniture.watermark) {
      doc.save();
      doc.rotate(-40, { origin: [page.width / 2, page.height / 2] });
      doc.font('bold').fontSize(150).fillColor('#cc0000', 0.13);
      const text = this.#furniture.watermark;
      const tw = doc.widthOfString(text);
      doc.text(text, page.width / 2 - tw / 2, page.height / 2 - 75, { lineBreak: false });
      doc.restore();
    }
    page.margins = saved;
    doc.fillColor('black', 1);
    Object.assign(state, { _font: kept.font, _fontSize: kept.fontSize, _fontFamily: kept.fontFamily, _fontSource: kept.fontSource, _fillColor: kept.fillColor });
    doc.x = kept.x;
    doc.y = kept.y;
  }

  /** This page shows its "Page N of M" form here; the form's drawing is written by #numberPages. */
  #pageNumberForm(left: number, top: number, width: number): void {
    const doc = this.doc;
    const page = doc.page;
    const form = doc.ref({ Type: 'XObject', Subtype: 'Form', FormType: 1, BBox: [0, 0, page.width, page.height] });
    const name = `PageNumber${this.#pages}`;
    (page as unknown as { xobjects: Record<string, PDFKit.PDFKitReference> }).xobjects[name] = form;
    doc.addContent(`/${name} Do`);
    this.#pageNumbers.push({ form, page: this.#pages, left, top, width });
  }

  /**
   * Writes every page's "Page N of M" form now that M is known: drawn as the furniture was drawn
   * (bold 8 pt, right-aligned over the footer), its operators going to the form instead of a page.
   */
  #numberPages(): void {
    const doc = this.doc;
    const page = doc.page;
    for (const { form, page: n, left, top, width } of this.#pageNumbers) {
      const fonts: Record<string, unknown> = {};
      // The page's geometry, with the form as where the drawing goes and the fonts it names; no
      // margins, as for the furniture (text below the bottom margin would start a new page).
      const margins = { top: 0, bottom: 0, left: 0, right: 0 };
      doc.page = Object.create(page, { write: { value: (chunk: unknown) => form.write(chunk as string) }, fonts: { value: fonts }, margins: { value: margins } }) as typeof page;
      try {
        doc.font('bold').fontSize(8).fillColor('black').text(`Page ${n} of ${this.#pages}`, left, top, { width, align: 'right', lineBreak: false });
      } finally {
        doc.page = page;
      }
      Object.assign(form.data, { Resources: { ProcSet: ['PDF', 'Text'], Font: fonts } });
      form.end(undefined);
    }
    this.#pageNumbers.length = 0;
  }

  /** Finishes the last page (its furniture, every page's number) and ends the document. */
  finish(): Promise<Buffer> {
    this.#furnish();
    this.#numberPages();
    this.doc.end();
    return this.#done;
  }
}
