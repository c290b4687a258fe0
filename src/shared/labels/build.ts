import { fitText } from './textFit.ts';
import type { LabelBox, LabelElement, LabelText } from './layout.ts';

/** Small constructors that keep the templates readable; every number is millimetres. */

export function text(x: number, y: number, width: number, fontHeight: number, value: string, options: Partial<Pick<LabelText, 'weight' | 'align' | 'reverse'>> = {}): LabelText {
  return { kind: 'text', x, y, width, fontHeight, text: value, weight: options.weight ?? 'regular', align: options.align ?? 'left', reverse: options.reverse ?? false };
}

export function rule(x: number, y: number, width: number, thickness: number): LabelBox {
  return { kind: 'box', x, y, width, height: thickness, thickness, filled: true };
}

export function vrule(x: number, y: number, height: number, thickness: number): LabelBox {
  return { kind: 'box', x, y, width: thickness, height, thickness, filled: true };
}

export function filledBox(x: number, y: number, width: number, height: number): LabelBox {
  return { kind: 'box', x, y, width, height, thickness: Math.min(width, height), filled: true };
}

export function frame(x: number, y: number, width: number, height: number, thickness: number): LabelBox {
  return { kind: 'box', x, y, width, height, thickness, filled: false };
}

export interface Block {
  elements: LabelElement[];
  /** Where the next thing may start, mm. */
  bottom: number;
}

/** A text that shrinks, then wraps (up to maxLines), to stay in its width; lines 1.15 cell heights apart. */
export function fitted(
  x: number,
  y: number,
  width: number,
  value: string,
  size: { max: number; min: number; lines: number },
  options: Partial<Pick<LabelText, 'weight' | 'align' | 'reverse'>> = {},
): Block {
  const fit = fitText(value, width, size.max, size.min, size.lines);
  const pitch = fit.fontHeight * 1.15;
  const elements = fit.lines.map((line, i) => text(x, y + i * pitch, width, fit.fontHeight, line, options));
  return { elements, bottom: y + fit.lines.length * pitch };
}

/** A small caption above its value ("Recipient" / the name). */
export function field(x: number, y: number, width: number, caption: string, value: string, size: { caption: number; max: number; min: number; lines: number }): Block {
  const head = text(x, y, width, size.caption, caption);
  const body = fitted(x, y + size.caption * 1.2, width, value, size);
  return { elements: [head, ...body.elements], bottom: body.bottom };
}

/** A caption over a ruled line, for a fact the record does not have yet and a pen will add. */
export function writeIn(x: number, y: number, width: number, caption: string, size: { caption: number }): Block {
  const lineY = y + size.caption * 1.2 + 6;
  return { elements: [text(x, y, width, size.caption, caption), rule(x, lineY, width, 0.3)], bottom: lineY + 1.5 };
}
