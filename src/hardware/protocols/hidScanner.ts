// USB HID POS barcode scanners (usage page 0x8C), docs/protocols/barcode-scanners.md. The Scanned Data Report is
// report ID 0x02, 64 bytes with the ID; node-hid hands us the ID at byte 0, so every offset in
// the reference table (which follows WebHID, ID stripped) is +1 here. A long barcode spans several
// reports: the "more follows" byte is non-zero on all but the last. Pure: bytes in, values out.

import { symbologyOf } from './aim.ts';

export const HID_SCANNER_USAGE_PAGE = 0x8c;
/** Usage 0x02 "Barcode Scanner": the collection to open (0x12 is the report, not the device). */
export const HID_SCANNER_USAGE = 0x02;
export const HID_SCANNER_REPORT_ID = 0x02;
export const HID_SCANNER_REPORT_BYTES = 64;

// Offsets with node-hid's leading report ID.
const LENGTH_AT = 1;
const AIM_SLOT_AT = 2;
const CODE_ID_AT = 61;
const MORE_AT = 63;
/** Data never reaches the Honeywell code ID byte. */
const DATA_END = CODE_ID_AT;
/** Longest barcode we assemble (a full PDF417 is under 2 KB); more is a broken stream. */
export const HID_SCAN_MAX_BYTES = 8192;

export interface HidScannerReport {
  /** `]C1`-style identifier, or null when the AIM slot holds none. */
  aim: string | null;
  /** The data bytes of this report (not yet joined with the rest of a multi-report scan). */
  data: Uint8Array;
  /** Honeywell/Youjie code ID byte, or null when zero. */
  codeId: number | null;
  more: boolean;
}

export type HidScannerDecoded = { ok: true; report: HidScannerReport } | { ok: false; error: string };

const isAimCode = (b: number | undefined): boolean => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
const isAimModifier = (b: number | undefined): boolean => b !== undefined && (isAimCode(b) || (b >= 0x30 && b <= 0x39));

/** Decodes one input report; total (never throws). */
export function decodeHidScannerReport(bytes: Uint8Array): HidScannerDecoded {
  if (bytes.length < HID_SCANNER_REPORT_BYTES) return { ok: false, error: `short report: ${bytes.length} bytes` };
  if (bytes[0] !== HID_SCANNER_REPORT_ID) return { ok: false, error: `not a scanned data report (report ID ${bytes[0]})` };
  const length = bytes[LENGTH_AT] ?? 0;
  // Some devices put one extra byte before the identifier: look for `]` at either position.
  let aimAt: number | null = null;
  for (const at of [AIM_SLOT_AT, AIM_SLOT_AT + 1]) {
    if (bytes[at] === 0x5d && isAimCode(bytes[at + 1]) && isAimModifier(bytes[at + 2])) {
      aimAt = at;
      break;
    }
  }
  const dataAt = aimAt === null ? AIM_SLOT_AT + 3 : aimAt + 3;
  const available = DATA_END - dataAt;
  if (length > available) return { ok: false, error: `length ${length} exceeds the ${available} data bytes of a report` };
  const aim = aimAt === null ? null : String.fromCharCode(bytes[aimAt] ?? 0, bytes[aimAt + 1] ?? 0, bytes[aimAt + 2] ?? 0);
  const codeId = bytes[CODE_ID_AT] ?? 0;
  return {
    ok: true,
    report: { aim, data: bytes.slice(dataAt, dataAt + length), codeId: codeId === 0 ? null : codeId, more: (bytes[MORE_AT] ?? 0) !== 0 },
  };
}

/** Honeywell code IDs (byte 60 in WebHID offsets), docs/protocols/barcode-scanners.md. */
const HONEYWELL_CODE_IDS: ReadonlyMap<number, string> = new Map([
  [0x6a, 'Code 128'],
  [0x7c, 'GS1-128'],
  [0x64, 'EAN-13'],
  [0x63, 'UPC-A'],
  [0x44, 'EAN-8'],
  [0x45, 'UPC-E'],
  [0x62, 'Code 39'],
  [0x69, 'Code 93'],
  [0x65, 'Interleaved 2 of 5'],
  [0x61, 'Codabar'],
  [0x77, 'Data Matrix'],
  [0x73, 'QR Code'],
  [0x72, 'PDF417'],
  [0x7a, 'Aztec'],
  [0x78, 'MaxiCode'],
  [0x4d, 'Intelligent Mail'],
  [0x50, 'Postnet'],
  [0x4c, 'Planet'],
  [0x79, 'GS1 DataBar'],
  [0x7b, 'GS1 DataBar Limited'],
  [0x7d, 'GS1 DataBar Expanded'],
]);

export function honeywellSymbology(codeId: number | null): string | null {
  return codeId === null ? null : (HONEYWELL_CODE_IDS.get(codeId) ?? null);
}

export interface HidScanAssembled {
  /** latin1, one character per byte (as lineFraming.ts), trailing CR removed. */
  data: string;
  aim: string | null;
  symbology: string | null;
  codeId: number | null;
}

/**
 * Joins the reports of one scan. The identifier and code ID come from the first report; later
 * reports of the same scan repeat or omit them. A scan that would exceed HID_SCAN_MAX_BYTES is
 * dropped whole (counted), never delivered truncated.
 */
export class HidScanAssembler {
  #parts: Uint8Array[] = [];
  #bytes = 0;
  #first: HidScannerReport | null = null;
  #overflow = false;
  #dropped = 0;

  get dropped(): number {
    return this.#dropped;
  }

  push(report: HidScannerReport): HidScanAssembled | null {
    this.#first ??= report;
    if (!this.#overflow) {
      if (this.#bytes + report.data.length > HID_SCAN_MAX_BYTES) {
        this.#overflow = true;
        this.#parts = [];
      } else {
        this.#parts.push(report.data);
        this.#bytes += report.data.length;
      }
    }
    if (report.more) return null;
    const first = this.#first;
    const overflow = this.#overflow;
    const joined = new Uint8Array(this.#bytes);
    let at = 0;
    for (const part of this.#parts) {
      joined.set(part, at);
      at += part.length;
    }
    this.reset();
    if (overflow) {
      this.#dropped += 1;
      return null;
    }
    let end = joined.length;
    if (end > 0 && joined[end - 1] === 0x0d) end -= 1;
    const data = String.fromCharCode(...joined.subarray(0, end));
    const aim = first.aim;
    return { data, aim, symbology: (aim ? symbologyOf(aim, data) : null) ?? honeywellSymbology(first.codeId), codeId: first.codeId };
  }

  /** Forgets a scan in progress (after a reconnect its first reports belong to nothing). */
  reset(): void {
    this.#parts = [];
    this.#bytes = 0;
    this.#first = null;
    this.#overflow = false;
  }
}

/** Builds a report as a scanner sends it: for tests and the demo-mode simulator. */
export function encodeHidScannerReport(fields: { data: Uint8Array; aim?: string | null; codeId?: number; more?: boolean; extraByte?: boolean }): Uint8Array {
  const out = new Uint8Array(HID_SCANNER_REPORT_BYTES);
  out[0] = HID_SCANNER_REPORT_ID;
  const aimAt = fields.extraByte ? AIM_SLOT_AT + 1 : AIM_SLOT_AT;
  if (fields.aim) for (let i = 0; i < 3; i += 1) out[aimAt + i] = fields.aim.charCodeAt(i) & 0xff;
  const dataAt = aimAt + 3;
  const data = fields.data.subarray(0, DATA_END - dataAt);
  out[LENGTH_AT] = data.length;
  out.set(data, dataAt);
  out[CODE_ID_AT] = fields.codeId ?? 0;
  out[MORE_AT] = fields.more ? 1 : 0;
  return out;
}

/** Splits a scan into the reports a scanner would send. */
export function hidScannerReportsFor(data: Uint8Array, aim: string | null = null, codeId = 0): Uint8Array[] {
  const per = DATA_END - (AIM_SLOT_AT + 3);
  const reports: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < data.length; at += per) {
    const chunk = data.subarray(at, at + per);
    reports.push(encodeHidScannerReport({ data: chunk, aim, codeId, more: at + per < data.length }));
  }
  return reports;
}
