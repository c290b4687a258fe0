import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LabelCode128, LabelElement, LabelLayout, LabelQr, LabelText, PrinterDpi } from '../../shared/labels/index.ts';
import { placeCode128, placeQr, toDots, toMm } from '../../shared/labels/index.ts';
import { code128Image, qrImage } from './barcodeImage.ts';
import './LabelPreview.css';

// ZPL font 0's character cell vs a browser font's em box. In font 0 the capitals fill the top
// 0.75 of the cell and sit on the baseline there (measured on a rendering of the printed ZPL);
// a condensed sans has a cap height of about 0.73 em.
const FONT_SIZE_OF_CELL = 1.03;
const BASELINE_OF_CELL = 0.75;

const ANCHOR = { left: 'start', center: 'middle', right: 'end' } as const;

function TextElement({ el, dpi }: { el: LabelText; dpi: PrinterDpi }) {
  const x = el.align === 'left' ? el.x : el.align === 'center' ? el.x + el.width / 2 : el.x + el.width;
  // The printer's "heavy" is the field struck twice, a fraction of a stroke apart (zplFromLayout).
  const strike = el.weight === 'heavy' && !el.reverse ? toMm(Math.max(1, Math.round(toDots(el.fontHeight, dpi) / 30)), dpi) : 0;
  // The layout fits each text to its width in the printer's font; a kiosk without a condensed face
  // draws it wider, past the label's edge and over the next column's heads. Such a text is
  // narrowed to the width the printer gives it, never widened.
  const node = useRef<SVGTextElement>(null);
  const [fitted, setFitted] = useState<number | null>(null);
  useLayoutEffect(() => {
    const drawn = node.current?.getComputedTextLength?.();
    if (drawn !== undefined && drawn > el.width) setFitted(el.width);
  }, [el.width, el.text, el.fontHeight]);
  return (
    <text
      ref={node}
      textLength={fitted ?? undefined}
      lengthAdjust={fitted === null ? undefined : 'spacingAndGlyphs'}
      className="label-preview-text"
      x={x + strike / 2}
      y={el.y + el.fontHeight * BASELINE_OF_CELL}
      fontSize={el.fontHeight * FONT_SIZE_OF_CELL}
      textAnchor={ANCHOR[el.align]}
      fill={el.reverse ? '#fff' : '#000'}
      stroke={strike > 0 ? '#000' : 'none'}
      strokeWidth={strike}
      xmlSpace="preserve"
    >
      {el.text}
    </text>
  );
}

function Unreadable({ x, y, width, height }: { x: number; y: number; width: number; height: number }) {
  return (
    <g className="label-preview-unreadable">
      <rect x={x} y={y} width={width} height={height} fill="none" stroke="#c00" strokeWidth={0.4} />
      <path d={`M${x} ${y}L${x + width} ${y + height}M${x + width} ${y}L${x} ${y + height}`} stroke="#c00" strokeWidth={0.4} />
    </g>
  );
}

/** A barcode as an image at the printer's whole-dot placement; a cross where the data cannot be encoded. */
function BarcodeElement<E extends LabelCode128 | LabelQr>({ el, dpi, place, image }: { el: E; dpi: PrinterDpi; place(el: E, dpi: PrinterDpi): { xDots: number; yDots: number; widthDots: number; heightDots: number }; image(data: string): string }) {
  const p = place(el, dpi);
  const href = useMemo(() => {
    try {
      return image(el.data);
    } catch {
      return null;
    }
  }, [image, el.data]);
  const box = { x: toMm(p.xDots, dpi), y: toMm(p.yDots, dpi), width: toMm(p.widthDots, dpi), height: toMm(p.heightDots, dpi) };
  if (!href) return <Unreadable {...box} />;
  return <image href={href} {...box} preserveAspectRatio="none" />;
}

function Element({ el, dpi }: { el: LabelElement; dpi: PrinterDpi }) {
  switch (el.kind) {
    case 'text':
      return <TextElement el={el} dpi={dpi} />;
    case 'code128':
      return <BarcodeElement el={el} dpi={dpi} place={placeCode128} image={code128Image} />;
    case 'qr':
      return <BarcodeElement el={el} dpi={dpi} place={placeQr} image={qrImage} />;
    case 'box': {
      if (el.filled) return <rect x={el.x} y={el.y} width={el.width} height={el.height} fill="#000" />;
      // ZPL ^GB draws its border inside the box: inset the stroke by half its width.
      const t = Math.min(el.thickness, el.width / 2, el.height / 2);
      return <rect x={el.x + t / 2} y={el.y + t / 2} width={el.width - t} height={el.height - t} fill="none" stroke="#000" strokeWidth={t} />;
    }
  }
}

/**
 * The label exactly as laid out for the printer: the same layout object, in millimetres, with
 * barcodes placed at the whole-dot sizes the printer at `dpi` will use.
 */
export function LabelPreview({ layout, dpi = 203, className }: { layout: LabelLayout; dpi?: PrinterDpi; className?: string }) {
  return (
    <svg
      className={className ? `label-preview ${className}` : 'label-preview'}
      data-testid="label-preview"
      data-template={layout.template}
      data-size={layout.size}
      role="img"
      aria-label={layout.title}
      viewBox={`0 0 ${layout.widthMm} ${layout.heightMm}`}
      width={`${layout.widthMm}mm`}
      height={`${layout.heightMm}mm`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect className="label-preview-paper" x={0} y={0} width={layout.widthMm} height={layout.heightMm} fill="#fff" />
      {layout.elements.map((el, i) => (
        <Element key={i} el={el} dpi={dpi} />
      ))}
    </svg>
  );
}
