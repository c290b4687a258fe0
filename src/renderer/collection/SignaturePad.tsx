import { useEffect, useRef, type PointerEvent } from 'react';
import type { SignatureStrokes } from '../../shared/contract/index.ts';

const WIDTH = 480;
const HEIGHT = 150;
/** The contract's bound: a pad that keeps drawing past it keeps the signature as it was. */
const MAX_POINTS = 4000;

type Stroke = Array<[number, number]>;

/**
 * A signature drawn with a finger, a pen or the mouse (pointer events cover all three) on a
 * canvas; kept as the strokes' points in the pad's own pixels, which main stores and draws.
 */
export function SignaturePad({ signature, onSignature }: { signature: SignatureStrokes | null; onSignature(signature: SignatureStrokes | null): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const drawing = useRef(false);

  // Cleared from outside (a new recipient): the canvas follows.
  useEffect(() => {
    if (signature !== null) return;
    strokes.current = [];
    canvas.current?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
  }, [signature]);

  const pointOf = (event: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - box.left) * WIDTH) / box.width;
    const y = ((event.clientY - box.top) * HEIGHT) / box.height;
    return [Math.min(WIDTH, Math.max(0, Math.round(x))), Math.min(HEIGHT, Math.max(0, Math.round(y)))];
  };
  const points = () => strokes.current.reduce((n, s) => n + s.length, 0);

  const down = (event: PointerEvent<HTMLCanvasElement>) => {
    if (strokes.current.length >= 64 || points() >= MAX_POINTS) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = true;
    const point = pointOf(event);
    strokes.current.push([point]);
    const context = event.currentTarget.getContext('2d');
    if (context) {
      context.lineWidth = 3;
      context.lineCap = 'round';
      context.lineJoin = 'round';
      context.strokeStyle = '#000';
      context.beginPath();
      context.moveTo(point[0], point[1]);
    }
  };
  const move = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current || points() >= MAX_POINTS) return;
    const point = pointOf(event);
    strokes.current.at(-1)!.push(point);
    const context = event.currentTarget.getContext('2d');
    context?.lineTo(point[0], point[1]);
    context?.stroke();
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    onSignature({ width: WIDTH, height: HEIGHT, strokes: strokes.current.map((s) => [...s]) });
  };

  return (
    <div className="signature-pad">
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        className="signature-canvas"
        aria-label="Signature pad: the person signs here with a finger, pen or mouse"
        data-testid="signature-pad"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <div className="form-actions">
        <span className="field-hint" data-testid="signature-state">
          {signature ? 'Signed' : 'Not signed yet'}
        </span>
        <button type="button" className="button" onClick={() => onSignature(null)} data-testid="signature-clear">
          Clear the signature
        </button>
      </div>
    </div>
  );
}
