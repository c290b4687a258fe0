import type { Item } from '../../shared/contract/index.ts';
import type { PrinterDpi } from '../../shared/labels/index.ts';
import { zplField } from '../labels/index.ts';
import type { CollectionProof } from '../store/index.ts';
import { collectorWords, proofWords } from './collectionReceipt.ts';
import type { SignatureRecord } from './collectionProof.ts';

const LABEL_INCHES = { width: 4, height: 6 } as const;
/** Each item's line; a longer list ends with "and N more" (the e-mail and the record have them all). */
const LISTED_ITEMS = 8;

/** One straight piece of a stroke in ZPL: a box for a level or upright piece, else a diagonal (^GD) leaning the way it runs. */
function segment(x1: number, y1: number, x2: number, y2: number, thickness: number): string {
  const x = Math.round(Math.min(x1, x2));
  const y = Math.round(Math.min(y1, y2));
  const w = Math.round(Math.abs(x2 - x1));
  const h = Math.round(Math.abs(y2 - y1));
  if (w < thickness || h < thickness) return `^FO${x},${y}^GB${Math.max(w, thickness)},${Math.max(h, thickness)},${thickness}^FS`;
  // Down and to the right is "\" (L); up and to the right is "/" (R).
  const leaning = (x2 - x1) * (y2 - y1) > 0 ? 'L' : 'R';
  return `^FO${x},${y}^GD${w},${h},${thickness},B,${leaning}^FS`;
}

/**
 * The hand-over's receipt on a 4x6 label, in ZPL at the printer's resolution: who collected what, on
 * whose authority, the proof recorded (the photo mentioned), and the signature drawn from its strokes.
 */
export function collectionReceiptZpl(input: { siteName: string; proof: CollectionProof; items: readonly Item[]; at: string; signature: SignatureRecord | null }, dpi: PrinterDpi): string {
  const dots = dpi / 25.4;
  const margin = Math.round(5 * dots);
  const width = Math.round(LABEL_INCHES.width * dpi);
  const lineHeight = Math.round(4.2 * dots);
  const out: string[] = ['^XA', '^CI28', `^PW${width}`, `^LL${Math.round(LABEL_INCHES.height * dpi)}`];
  let y = margin;
  const line = (text: string, size = 3.2, bold = false) => {
    const h = Math.round(size * dots);
    out.push(`^FO${margin},${y}^A0N,${h},${bold ? Math.round(h * 1.05) : h}^FB${width - 2 * margin},1,0,L${zplField(text)}`);
    y += Math.max(h + Math.round(1.2 * dots), lineHeight);
  };
  line(input.siteName || 'Mail center', 3.6, true);
  line('COLLECTION RECEIPT', 6, true);
  line(`${input.at.replace('T', ' ').slice(0, 16)} UTC`);
  line(`Collected by: ${collectorWords(input.proof)}`);
  const shown = input.items.slice(0, LISTED_ITEMS);
  for (const item of shown) line(`${item.custodyId}${item.trackingNumber ? `  ${item.trackingNumber}` : ''}`, 3);
  if (input.items.length > shown.length) line(`and ${input.items.length - shown.length} more`, 3);
  line(`Proof: ${proofWords(input.proof)}`, 2.8);
  const signature = input.signature;
  if (signature) {
    y += Math.round(2 * dots);
    const boxWidth = width - 2 * margin;
    const scale = boxWidth / signature.width;
    const parsed = JSON.parse(signature.strokes) as { strokes: Array<Array<[number, number]>> };
    const thickness = Math.max(2, Math.round(0.4 * dots));
    out.push(`^FO${margin},${y}^GB${boxWidth},${Math.round(signature.height * scale)},1^FS`);
    for (const stroke of parsed.strokes) {
      const points = stroke.map(([px, py]) => [margin + px * scale, y + py * scale] as const);
      if (points.length === 1) out.push(segment(points[0]![0], points[0]![1], points[0]![0], points[0]![1], thickness));
      for (let i = 1; i < points.length; i++) out.push(segment(points[i - 1]![0], points[i - 1]![1], points[i]![0], points[i]![1], thickness));
    }
    y += Math.round(signature.height * scale) + Math.round(1 * dots);
    line('Signature', 2.6);
  }
  out.push('^XZ');
  return out.join('\n');
}
