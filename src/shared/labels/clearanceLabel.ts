import { field, filledBox, fitted, rule, text } from './build.ts';
import { LABEL_SIZES } from './layout.ts';
import type { LabelElement, LabelLayout, LabelSizeName } from './layout.ts';
import type { ClearanceLabelRecord } from './records.ts';
import { labelDate, labelDateTime, MODE_LABEL_WORDS } from './words.ts';

const METHOD_WORDS = { visual: 'VISUAL', 'visual+xray': 'VISUAL + X-RAY' } as const;

function carrierLine(r: ClearanceLabelRecord): string {
  if (r.carrier && r.trackingNumber) return `${r.carrier} ${r.trackingNumber}`;
  if (r.carrier) return `${r.carrier} (no tracking number) - scanned ${r.scannedCode}`;
  return `Scanned: ${r.scannedCode}`;
}

function large(r: ClearanceLabelRecord): LabelElement[] {
  const { widthMm, heightMm } = LABEL_SIZES['4x6'];
  const m = 5;
  const w = widthMm - 2 * m;
  const out: LabelElement[] = [];
  out.push(...fitted(m, m, w, r.siteName || 'Mail screening', { max: 4.5, min: 3, lines: 1 }).elements);
  out.push(rule(m, 11, w, 0.5));
  out.push(text(m, 14.5, w, 18, 'SCREENED', { weight: 'heavy', align: 'center' }));
  out.push(text(m, 35, w, 6, labelDateTime(r.screenedAt, r.timeZone), { align: 'center' }));
  out.push(text(m, 43, w, 6, METHOD_WORDS[r.method], { weight: 'heavy', align: 'center' }));
  out.push(...fitted(m, 51, w, `Operator: ${r.screenedBy}`, { max: 5, min: 3.5, lines: 1 }, { align: 'center' }).elements);
  out.push(rule(m, 59, w, 0.5));
  out.push({ kind: 'code128', x: m, y: 63, width: w, height: 24, moduleWidth: 0.375, align: 'center', data: r.custodyId });
  out.push(text(m, 89, w, 11, r.custodyId, { weight: 'heavy', align: 'center' }));
  out.push(rule(m, 103, w, 0.5));
  const carrier = field(m, 106, w, 'Carrier and tracking number', carrierLine(r), { caption: 3.2, max: 5.5, min: 3.5, lines: 2 });
  out.push(...carrier.elements);
  const recipient = field(m, Math.max(carrier.bottom + 2.5, 120), w, 'Recipient', r.recipient ?? 'not recorded', { caption: 3.2, max: 5.5, min: 3.5, lines: 2 });
  out.push(...recipient.elements);
  if (r.mode !== 'live') {
    out.push(filledBox(0, heightMm - 12, widthMm, 12));
    out.push(...fitted(m, heightMm - 9.5, w, MODE_LABEL_WORDS[r.mode].long, { max: 6, min: 3.5, lines: 1 }, { weight: 'heavy', align: 'center', reverse: true }).elements);
  }
  return out;
}

function small(r: ClearanceLabelRecord): LabelElement[] {
  const { widthMm } = LABEL_SIZES['2x1'];
  const m = 1.5;
  const w = widthMm - 2 * m;
  const out: LabelElement[] = [];
  out.push(text(m, 1.2, 26, 4.2, 'SCREENED', { weight: 'heavy' }));
  out.push(text(widthMm - m - 20, 1.8, 20, 3.2, labelDate(r.screenedAt, r.timeZone), { align: 'right' }));
  out.push({ kind: 'code128', x: m, y: 6.3, width: w, height: 9.2, moduleWidth: 0.25, align: 'center', data: r.custodyId });
  out.push(text(m, 16.3, w, 4.2, r.custodyId, { weight: 'heavy', align: 'center' }));
  if (r.mode === 'live') {
    out.push(...fitted(m, 21.3, w, `${METHOD_WORDS[r.method]} - ${r.screenedBy}`, { max: 2.6, min: 2.2, lines: 1 }, { align: 'center' }).elements);
  } else {
    out.push(filledBox(0, 21, widthMm, 4.4));
    out.push(...fitted(m, 21.6, w, MODE_LABEL_WORDS[r.mode].medium, { max: 3, min: 2.2, lines: 1 }, { align: 'center', reverse: true }).elements);
  }
  return out;
}

/** The clearance label: the item was screened and cleared, when, how and by whom, under its custody ID. */
export function clearanceLabel(record: ClearanceLabelRecord, size: LabelSizeName): LabelLayout {
  const { widthMm, heightMm } = LABEL_SIZES[size];
  return {
    template: 'clearance',
    size,
    widthMm,
    heightMm,
    title: `Clearance label for ${record.custodyId}, ${size} in`,
    elements: size === '4x6' ? large(record) : small(record),
  };
}
