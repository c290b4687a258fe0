import { z } from 'zod';

/**
 * The one description of a label: what prints (main turns it into ZPL) and what the screen shows
 * (the renderer draws it as SVG) are both made from this object, so they cannot drift apart.
 * Everything is in millimetres from the label's top-left corner; dots exist only at print time,
 * so the same layout prints at 203 and at 300 dpi.
 */

export const LabelSizeName = z.enum(['4x6', '2x1']);
export type LabelSizeName = z.infer<typeof LabelSizeName>;

export const LabelTemplateName = z.enum(['clearance', 'custody']);
export type LabelTemplateName = z.infer<typeof LabelTemplateName>;

export const PrinterDpi = z.union([z.literal(203), z.literal(300)]);
export type PrinterDpi = z.infer<typeof PrinterDpi>;

export interface LabelSize {
  widthIn: number;
  heightIn: number;
  widthMm: number;
  heightMm: number;
}

export const LABEL_SIZES: Readonly<Record<LabelSizeName, LabelSize>> = {
  '4x6': { widthIn: 4, heightIn: 6, widthMm: 101.6, heightMm: 152.4 },
  '2x1': { widthIn: 2, heightIn: 1, widthMm: 50.8, heightMm: 25.4 },
};

const Mm = z.number().min(0).max(1000);
const Thickness = z.number().positive().max(100);

/** One line of text; `width` is the box it must stay in (and is aligned within). */
export const LabelText = z.object({
  kind: z.literal('text'),
  x: Mm,
  y: Mm,
  width: Mm,
  /** Character cell height (ZPL ^A0 height), mm. */
  fontHeight: z.number().positive().max(100),
  text: z.string().max(300),
  /**
   * ZPL font 0 is already a bold face; 'heavy' prints it twice, offset, for the words that must
   * stand out. Reverse text is never struck twice (see zplFromLayout), so 'heavy' is a no-op there.
   */
  weight: z.enum(['regular', 'heavy']),
  align: z.enum(['left', 'center', 'right']),
  /** White on black: only ever placed on a filled box (ZPL ^FR). */
  reverse: z.boolean(),
});
export type LabelText = z.infer<typeof LabelText>;

/**
 * Code 128, subset B, no interpretation line (the human-readable is a text element, larger than a
 * printer's interpretation line). Placed within [x, x + width], left or centred.
 */
export const LabelCode128 = z.object({
  kind: z.literal('code128'),
  x: Mm,
  y: Mm,
  width: Mm,
  height: Mm,
  /** Wanted narrow bar width, mm; rounded to whole dots at print time. */
  moduleWidth: z.number().positive().max(2),
  align: z.enum(['left', 'center']),
  data: z.string().min(1).max(60),
});
export type LabelCode128 = z.infer<typeof LabelCode128>;

/** QR code, model 2, error correction Q (survives a scuffed or partly taped label). */
export const LabelQr = z.object({
  kind: z.literal('qr'),
  x: Mm,
  y: Mm,
  moduleWidth: z.number().positive().max(5),
  data: z.string().min(1).max(200),
});
export type LabelQr = z.infer<typeof LabelQr>;

/** A box outline of the given line thickness, a filled box, or (height = thickness) a rule. */
export const LabelBox = z.object({
  kind: z.literal('box'),
  x: Mm,
  y: Mm,
  width: Mm,
  height: Mm,
  thickness: Thickness,
  filled: z.boolean(),
});
export type LabelBox = z.infer<typeof LabelBox>;

export const LabelElement = z.discriminatedUnion('kind', [LabelText, LabelCode128, LabelQr, LabelBox]);
export type LabelElement = z.infer<typeof LabelElement>;

export const LabelLayout = z.object({
  template: LabelTemplateName,
  size: LabelSizeName,
  widthMm: Mm,
  heightMm: Mm,
  /** What the label is, in words (the preview's accessible name). */
  title: z.string().max(200),
  elements: z.array(LabelElement).max(300),
});
export type LabelLayout = z.infer<typeof LabelLayout>;
