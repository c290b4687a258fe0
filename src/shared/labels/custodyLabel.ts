import { field, filledBox, fitted, frame, rule, text, vrule, writeIn } from './build.ts';
import { code128WidthMm, CODE128_QUIET_MODULES, qrSizeMm } from './geometry.ts';
import { LABEL_SIZES } from './layout.ts';
import type { LabelCode128, LabelElement, LabelLayout, LabelQr, LabelSizeName } from './layout.ts';
import type { CustodyLabelRecord } from './records.ts';
import { labelDate, labelDateTime, MODE_LABEL_WORDS } from './words.ts';

/** Released by / received by / date-time / seal intact, as ruled blank rows to fill in with a pen. */
function custodyBlock(x: number, y: number, width: number, rows: number, rowHeight: number): LabelElement[] {
  const t = 0.35;
  const headHeight = 4.4;
  const columns = [
    { caption: 'Released by (print, sign)', width: 0.31 },
    { caption: 'Received by (print, sign)', width: 0.31 },
    { caption: 'Date / time', width: 0.22 },
    { caption: 'Seal intact', width: 0.16 },
  ];
  const height = headHeight + rows * rowHeight;
  const out: LabelElement[] = [frame(x, y, width, height, t * 1.5), filledBox(x, y, width, headHeight)];
  let cx = x;
  columns.forEach((column, i) => {
    const cw = width * column.width;
    out.push(...fitted(cx + 1, y + 0.9, cw - 2, column.caption, { max: 2.8, min: 2.2, lines: 1 }, { reverse: true }).elements);
    if (i > 0) out.push(vrule(cx, y + headHeight, rows * rowHeight, t));
    cx += cw;
  });
  for (let r = 1; r < rows; r++) out.push(rule(x, y + headHeight + r * rowHeight, width, t));
  // The seal column's answer is a circled Y or N, so print both to circle.
  const sealX = x + width * (1 - columns[3]!.width);
  for (let r = 0; r < rows; r++) {
    out.push(text(sealX, y + headHeight + r * rowHeight + (rowHeight - 3.2) / 2, width * columns[3]!.width, 3.2, 'Y  /  N', { align: 'center' }));
  }
  return out;
}

function large(r: CustodyLabelRecord): LabelElement[] {
  const { widthMm, heightMm } = LABEL_SIZES['4x6'];
  const m = 4;
  const w = widthMm - 2 * m;
  const out: LabelElement[] = [];
  // The warning reads from across a room: two lines, not one long one with a dash the resident font may lack.
  out.push(filledBox(m, m, w, 24));
  out.push(text(m, m + 1.6, w, 12.5, 'SUSPECT', { weight: 'heavy', align: 'center', reverse: true }));
  out.push(text(m, m + 15, w, 7.5, 'DO NOT OPEN', { weight: 'heavy', align: 'center', reverse: true }));
  out.push(...fitted(m, 30, w, `CHAIN OF CUSTODY - ${r.siteName || 'mail screening'}`, { max: 3.6, min: 2.6, lines: 1 }).elements);
  out.push(rule(m, 34.6, w, 0.4));

  const half = (w - 4) / 2;
  const incident = field(m, 36.2, half, 'Incident', r.incidentNumber, { caption: 2.8, max: 7, min: 4, lines: 1 });
  const hazard = field(m + half + 4, 36.2, half, 'Hazard', r.hazard, { caption: 2.8, max: 4.4, min: 3, lines: 2 });
  out.push(...incident.elements, ...hazard.elements);

  const codesTop = Math.max(incident.bottom, hazard.bottom) + 1.8;
  const qr: LabelQr = { kind: 'qr', x: 0, y: codesTop, moduleWidth: 0.75, data: r.custodyId };
  const qrSide = qrSizeMm(qr);
  qr.x = widthMm - m - qrSide;
  const barcode: LabelCode128 = { kind: 'code128', x: m, y: codesTop, width: 0, height: 14, moduleWidth: 0.375, align: 'center', data: r.custodyId };
  // The bars are centred in what the QR (with its quiet zone) leaves, keeping Code 128's own quiet zone.
  const quiet = CODE128_QUIET_MODULES * 0.375;
  barcode.width = Math.max(code128WidthMm(barcode) + 2 * quiet, qr.x - 3 - m);
  out.push(barcode, qr);
  const idTop = codesTop + barcode.height + 1.2;
  out.push(text(m, idTop, barcode.width, 8, r.custodyId, { weight: 'heavy', align: 'center' }));
  const ruleY = Math.max(idTop + 8 + 0.6, codesTop + qrSide + 1);
  out.push(rule(m, ruleY, w, 0.4));

  const size = { caption: 2.8, max: 4.4, min: 3, lines: 2 };
  // What the record lacks gets a ruled line to write on, not a blank that reads as "none".
  const seals = r.sealNumbers.length > 0 ? field(m, ruleY + 1.6, half, 'Seal number(s)', r.sealNumbers.join(', '), size) : writeIn(m, ruleY + 1.6, half, 'Seal number(s)', size);
  const found = field(m + half + 4, ruleY + 1.6, half, 'Found (date, time)', labelDateTime(r.foundAt, r.timeZone), size);
  let y = Math.max(seals.bottom, found.bottom) + 1.2;
  const place = r.foundPlace ? field(m, y, half, 'Place found', r.foundPlace, size) : writeIn(m, y, half, 'Place found', size);
  const collector = field(m + half + 4, y, half, 'Collected by', r.collector, size);
  y = Math.max(place.bottom, collector.bottom) + 1.2;
  out.push(...seals.elements, ...found.elements, ...place.elements, ...collector.elements);
  if (r.description) {
    const description = field(m, y, w, 'Item', r.description, { caption: 2.8, max: 4, min: 3, lines: 1 });
    out.push(...description.elements);
    y = description.bottom + 1.2;
  }

  const bandHeight = r.mode === 'live' ? 0 : 8;
  const blockTop = Math.max(y + 0.8, 111);
  out.push(text(m, blockTop, w, 3, 'CUSTODY TRANSFERS - sign and date every hand-over', { weight: 'heavy' }));
  const tableTop = blockTop + 3.8;
  const rows = 3;
  const rowHeight = Math.min(9, (heightMm - m - bandHeight - (bandHeight ? 1.5 : 0) - tableTop - 4.4) / rows);
  out.push(...custodyBlock(m, tableTop, w, rows, rowHeight));
  if (r.mode !== 'live') {
    out.push(filledBox(0, heightMm - m - bandHeight, widthMm, bandHeight + m));
    out.push(...fitted(m, heightMm - m - bandHeight + 1.6, w, MODE_LABEL_WORDS[r.mode].long, { max: 5, min: 3, lines: 1 }, { weight: 'heavy', align: 'center', reverse: true }).elements);
  }
  return out;
}

function small(r: CustodyLabelRecord): LabelElement[] {
  const { widthMm } = LABEL_SIZES['2x1'];
  const m = 1.2;
  const w = widthMm - 2 * m;
  const out: LabelElement[] = [];
  out.push(filledBox(0, 0, widthMm, 6.2));
  // A plain hyphen: an em dash may be missing from the printer's resident font.
  out.push(text(m, 1.1, w, 4, 'SUSPECT - DO NOT OPEN', { weight: 'heavy', align: 'center', reverse: true }));
  const marker = r.mode === 'live' ? labelDate(r.foundAt, r.timeZone) : MODE_LABEL_WORDS[r.mode].short;
  out.push(...fitted(m, 7, 28, r.incidentNumber, { max: 3.6, min: 2.6, lines: 1 }, { weight: 'heavy' }).elements);
  out.push(text(widthMm - m - 19, 7.4, 19, 3, marker, { align: 'right', weight: r.mode === 'live' ? 'regular' : 'heavy' }));
  out.push({ kind: 'code128', x: m, y: 11.3, width: w, height: 8, moduleWidth: 0.25, align: 'center', data: r.custodyId });
  out.push(text(m, 20.2, w, 4, r.custodyId, { weight: 'heavy', align: 'center' }));
  return out;
}

/** The quarantine custody label that goes on the sealed package (docs/custody-label.md). */
export function custodyLabel(record: CustodyLabelRecord, size: LabelSizeName): LabelLayout {
  const { widthMm, heightMm } = LABEL_SIZES[size];
  return {
    template: 'custody',
    size,
    widthMm,
    heightMm,
    title: `Custody label for ${record.custodyId}, incident ${record.incidentNumber}, ${size} in`,
    elements: size === '4x6' ? large(record) : small(record),
  };
}
