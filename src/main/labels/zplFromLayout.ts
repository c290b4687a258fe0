import { LABEL_SIZES, placeCode128, placeQr, toDots } from '../../shared/labels/index.ts';
import type { LabelBox, LabelCode128, LabelElement, LabelLayout, LabelQr, LabelText, PrinterDpi } from '../../shared/labels/index.ts';
import { zplField } from './zplField.ts';

// ZPL has no text-to-dots conversion of its own: every millimetre of the layout becomes dots here,
// with the same rounding the preview uses (shared/labels/geometry.ts).

const JUSTIFY = { left: 'L', center: 'C', right: 'R' } as const;

function textZpl(el: LabelText, dpi: PrinterDpi): string[] {
  const x = toDots(el.x, dpi);
  const y = toDots(el.y, dpi);
  const h = Math.max(10, toDots(el.fontHeight, dpi));
  // ^FB keeps the line inside its box and gives alignment; one line, so an estimate that was
  // too short overprints its own line rather than spilling across a barcode.
  const block = `^FB${Math.max(1, toDots(el.width, dpi))},1,0,${JUSTIFY[el.align]}`;
  const reverse = el.reverse ? '^FR' : '';
  const field = `^A0N,${h},${h}${block}${reverse}${zplField(el.text)}`;
  const lines = [`^FO${x},${y}${field}`];
  // Font 0 has one weight; a heavier stroke is the same field again, a fraction of a stroke to the
  // right. Not for reverse text: a second ^FR field would flip the first one's strokes back to black.
  if (el.weight === 'heavy' && !el.reverse) lines.push(`^FO${x + Math.max(1, Math.round(h / 30))},${y}${field}`);
  return lines;
}

function code128Zpl(el: LabelCode128, dpi: PrinterDpi): string {
  const p = placeCode128(el, dpi);
  // Mode N starts in subset B, as the preview's bwip-js is told to: the same bars, the same width.
  return `^FO${p.xDots},${p.yDots}^BY${p.moduleDots},3,${p.heightDots}^BCN,${p.heightDots},N,N,N,N${zplField(el.data)}`;
}

/**
 * Zebra draws a ^BQ symbol below its ^FO by the ^BY bar height in force (10 dots by default; the
 * reference notes the shift, zpl-renderer-js reproduces it). So the height is set to its minimum,
 * 10, right before the QR, and the origin raised by as much, to land the symbol where the layout
 * (and the preview) put it.
 */
const QR_BY_HEIGHT = 10;

function qrZpl(el: LabelQr, dpi: PrinterDpi): string {
  const p = placeQr(el, dpi);
  // "QA,": error correction Q, automatic input mode — the field data must start with it.
  return `^BY2,3,${QR_BY_HEIGHT}^FO${p.xDots},${Math.max(0, p.yDots - QR_BY_HEIGHT)}^BQN,2,${p.moduleDots}${zplField(`QA,${el.data}`)}`;
}

function boxZpl(el: LabelBox, dpi: PrinterDpi): string {
  const w = Math.max(1, toDots(el.width, dpi));
  const h = Math.max(1, toDots(el.height, dpi));
  // ^GB draws its border inward; a thickness of the smaller side fills the box.
  const t = el.filled ? Math.min(w, h) : Math.max(1, Math.min(toDots(el.thickness, dpi), w, h));
  return `^FO${toDots(el.x, dpi)},${toDots(el.y, dpi)}^GB${w},${h},${t},B,0^FS`;
}

function elementZpl(el: LabelElement, dpi: PrinterDpi): string[] {
  switch (el.kind) {
    case 'text':
      return textZpl(el, dpi);
    case 'code128':
      return [code128Zpl(el, dpi)];
    case 'qr':
      return [qrZpl(el, dpi)];
    case 'box':
      return [boxZpl(el, dpi)];
  }
}

/**
 * One ZPL II format (^XA … ^XZ) for the layout at the printer's resolution. Pure: the same layout
 * and dpi always give the same bytes, so the job's hash in the audit chain identifies the label.
 */
export function zplFromLayout(layout: LabelLayout, dpi: PrinterDpi): string {
  const size = LABEL_SIZES[layout.size];
  return [
    '^XA',
    '^CI28',
    `^PW${Math.round(size.widthIn * dpi)}`,
    `^LL${Math.round(size.heightIn * dpi)}`,
    '^LH0,0',
    // Reverse fields are ^FR per field; start from a known state whatever the last job left.
    '^LRN',
    ...layout.elements.flatMap((el) => elementZpl(el, dpi)),
    '^PQ1',
    '^XZ',
  ].join('\n');
}
