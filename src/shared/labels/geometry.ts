import type { LabelCode128, LabelQr, PrinterDpi } from './layout.ts';

/**
 * Millimetres to printer dots, shared by the ZPL generator and the on-screen preview so that a
 * barcode's rounded bar width — and so its printed size — is the same in both.
 */

const MM_PER_INCH = 25.4;

export function dotsPerMm(dpi: PrinterDpi): number {
  return dpi / MM_PER_INCH;
}

export function toDots(mm: number, dpi: PrinterDpi): number {
  return Math.round((mm * dpi) / MM_PER_INCH);
}

export function toMm(dots: number, dpi: PrinterDpi): number {
  return (dots * MM_PER_INCH) / dpi;
}

/** Code 128 symbol length in modules, subset B: start, one symbol per character, check, stop (13). */
export function code128Modules(data: string): number {
  return 11 + 11 * data.length + 11 + 13;
}

/** Code 128 wants at least 10 modules of white either side. */
export const CODE128_QUIET_MODULES = 10;

export interface BarcodePlacement {
  /** Left edge of the bars, dots. */
  xDots: number;
  yDots: number;
  moduleDots: number;
  widthDots: number;
  heightDots: number;
}

/** Where a Code 128 element's bars land at this dpi (whole-dot bars, then aligned in its box). */
export function placeCode128(el: LabelCode128, dpi: PrinterDpi): BarcodePlacement {
  // ZPL ^BY accepts 1..10 dots.
  const moduleDots = Math.min(10, Math.max(1, Math.round(el.moduleWidth * dotsPerMm(dpi))));
  const widthDots = code128Modules(el.data) * moduleDots;
  const boxX = toDots(el.x, dpi);
  const boxWidth = toDots(el.width, dpi);
  const xDots = el.align === 'center' ? boxX + Math.max(0, Math.floor((boxWidth - widthDots) / 2)) : boxX;
  return { xDots, yDots: toDots(el.y, dpi), moduleDots, widthDots, heightDots: toDots(el.height, dpi) };
}

// Characters per QR version at error correction Q (ISO/IEC 18004 table 7), versions 1–10.
const QR_Q_ALPHANUMERIC = [16, 29, 47, 67, 87, 108, 125, 157, 189, 221];
const QR_Q_BYTES = [11, 20, 32, 46, 60, 74, 86, 108, 130, 151];
const QR_ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Modules per side of the smallest QR version (ECC Q) that holds the data, as the printer and bwip-js both choose. */
export function qrModules(data: string): number {
  const table = QR_ALPHANUMERIC.test(data) ? QR_Q_ALPHANUMERIC : QR_Q_BYTES;
  const length = utf8Length(data);
  const version = table.findIndex((capacity) => capacity >= length) + 1;
  if (version === 0) throw new RangeError(`QR data of ${length} bytes is more than a label QR code should carry`);
  return 17 + 4 * version;
}

/** QR needs 4 modules of white around it. */
export const QR_QUIET_MODULES = 4;

export function placeQr(el: LabelQr, dpi: PrinterDpi): BarcodePlacement {
  const moduleDots = Math.min(10, Math.max(1, Math.round(el.moduleWidth * dotsPerMm(dpi))));
  const sizeDots = qrModules(el.data) * moduleDots;
  return { xDots: toDots(el.x, dpi), yDots: toDots(el.y, dpi), moduleDots, widthDots: sizeDots, heightDots: sizeDots };
}

/** The QR's side in mm for laying out around it: the larger of the two print resolutions. */
export function qrSizeMm(el: LabelQr): number {
  return Math.max(toMm(placeQr(el, 203).widthDots, 203), toMm(placeQr(el, 300).widthDots, 300));
}

/** The Code 128 bars' width in mm for laying out around it: the wider of the two print resolutions. */
export function code128WidthMm(el: LabelCode128): number {
  return Math.max(toMm(placeCode128(el, 203).widthDots, 203), toMm(placeCode128(el, 300).widthDots, 300));
}
