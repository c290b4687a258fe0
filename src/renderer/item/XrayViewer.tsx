import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { StationRequestError } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { formatFingerprint } from './xrayImage.ts';
import { applyAdjustments, NEUTRAL, type ColourMap, type ImageAdjustments } from './xrayImageFilter.ts';

const ZOOM_STEP = 1.25;
const ZOOM_MIN = 0.5;
const ZOOM_MAX = 8;
const PAN_STEP = 40;

const COLOUR_MAPS: ReadonlyArray<{ value: ColourMap; label: string }> = [
  { value: 'grey', label: 'Grey (as scanned)' },
  { value: 'hot', label: 'Hot (separates close greys)' },
  { value: 'density', label: 'Density bands' },
];

/**
 * The X-ray image on a canvas: zoom, pan, invert, brightness/contrast and a pseudo-colour map,
 * by mouse, touch or keyboard alone (arrows pan, + and - zoom, I inverts, 0 resets). The pixels
 * are processed here only; the stored image and its SHA-256 never change.
 */
interface XrayViewerProps {
  src: string | null;
  caption: string;
  /** The SHA-256 main checked the image against on read: shown under the image as its fingerprint. */
  sha256?: string | null;
  /** Why the image cannot be shown (missing from the store, altered, not delivered yet). */
  error?: StationRequestError | null;
  /** The image exists and is on its way. */
  loading?: boolean;
}

const IMAGE_ADVICE = {
  NOT_FOUND: 'Record your verdict from the cabinet’s own screen, and tell the site admin the image is missing.',
  CONFLICT: 'Do not clear the item from this image. Scan it again, and tell the site admin.',
} as const;

export function XrayViewer({ src, caption, sha256 = null, error = null, loading = false }: XrayViewerProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const processed = useRef<HTMLCanvasElement | null>(null);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [adjust, setAdjust] = useState<ImageAdjustments>(NEUTRAL);
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    setImage(null);
    setLoadFailed(false);
    if (src === null) return;
    const img = new Image();
    img.onload = () => setImage(img);
    img.onerror = () => setLoadFailed(true);
    img.src = src;
  }, [src]);

  // Re-process the pixels only when the adjustments change, not on every pan.
  useEffect(() => {
    if (image === null) return;
    const off = document.createElement('canvas');
    off.width = image.naturalWidth;
    off.height = image.naturalHeight;
    const ctx = off.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(image, 0, 0);
    const data = ctx.getImageData(0, 0, off.width, off.height);
    applyAdjustments(data.data, adjust);
    ctx.putImageData(data, 0, 0);
    processed.current = off;
    draw();
    // draw reads the latest zoom/pan from this render's closure; they need no re-processing.
  }, [image, adjust]);

  useEffect(() => draw());

  function draw(): void {
    const canvas = canvasRef.current;
    const source = processed.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!source) return;
    const fit = Math.min(canvas.width / source.width, canvas.height / source.height);
    const scale = fit * zoom;
    const w = source.width * scale;
    const h = source.height * scale;
    ctx.imageSmoothingEnabled = zoom < 2;
    ctx.drawImage(source, (canvas.width - w) / 2 + pan.x, (canvas.height - h) / 2 + pan.y, w, h);
  }

  const zoomBy = (factor: number) => setZoom((z) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z * factor)));
  const reset = () => {
    setZoom(1);
    setPan({ x: 0, y: 0 });
    setAdjust(NEUTRAL);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    const move = moves[event.key];
    if (move) setPan((p) => ({ x: p.x + move[0], y: p.y + move[1] }));
    else if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-') zoomBy(1 / ZOOM_STEP);
    else if (event.key === 'i' || event.key === 'I') setAdjust((a) => ({ ...a, invert: !a.invert }));
    else if (event.key === '0') reset();
    else return;
    event.preventDefault();
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    drag.current = { x: event.clientX, y: event.clientY };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    if (!start) return;
    drag.current = { x: event.clientX, y: event.clientY };
    setPan((p) => ({ x: p.x + event.clientX - start.x, y: p.y + event.clientY - start.y }));
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const status = error !== null ? 'The image cannot be shown.' : src === null ? (loading ? 'Loading the image…' : 'No image yet: the cabinet sends it when the scan is done.') : loadFailed ? 'The image could not be shown.' : image === null ? 'Loading the image…' : null;

  return (
    <figure className="xray-viewer" data-testid="xray-viewer" data-has-image={image !== null ? 'true' : 'false'}>
      <div className="xray-canvas-wrap">
        <canvas
          ref={canvasRef}
          className="xray-canvas"
          width={960}
          height={600}
          tabIndex={0}
          role="img"
          aria-label={`${caption}. Arrow keys pan, plus and minus zoom, I inverts, 0 resets.`}
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          data-testid="xray-canvas"
        />
        {status !== null && (
          <p className="xray-status" data-testid="xray-image-status">
            {status}
          </p>
        )}
      </div>
      <ErrorNotice error={error} next={IMAGE_ADVICE} />
      {sha256 !== null && error === null && (
        <p className="xray-fingerprint" data-testid="xray-fingerprint" data-sha256={sha256}>
          <span className="xray-fingerprint-label">Image fingerprint (SHA-256, checked on reading)</span>
          <code className="xray-fingerprint-value">{formatFingerprint(sha256)}</code>
        </p>
      )}
      <figcaption className="xray-controls">
        <div className="xray-buttons" role="group" aria-label="Zoom">
          <button type="button" className="button button-small" onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in">
            +
          </button>
          <button type="button" className="button button-small" onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label="Zoom out">
            −
          </button>
          <span className="xray-zoom" aria-live="polite">
            {Math.round(zoom * 100)}%
          </span>
          <button type="button" className="button button-small" aria-pressed={adjust.invert} onClick={() => setAdjust((a) => ({ ...a, invert: !a.invert }))} data-testid="xray-invert">
            Invert
          </button>
          <button type="button" className="button button-small" onClick={reset}>
            Reset
          </button>
        </div>
        <label className="xray-slider">
          <span>Brightness</span>
          <input type="range" min={-100} max={100} value={adjust.brightness} onChange={(event) => setAdjust((a) => ({ ...a, brightness: Number(event.target.value) }))} />
        </label>
        <label className="xray-slider">
          <span>Contrast</span>
          <input type="range" min={-100} max={100} value={adjust.contrast} onChange={(event) => setAdjust((a) => ({ ...a, contrast: Number(event.target.value) }))} />
        </label>
        <label className="xray-slider">
          <span>Colour map</span>
          <select className="select" value={adjust.colourMap} onChange={(event) => setAdjust((a) => ({ ...a, colourMap: event.target.value as ColourMap }))} data-testid="xray-colour-map">
            {COLOUR_MAPS.map((map) => (
              <option key={map.value} value={map.value}>
                {map.label}
              </option>
            ))}
          </select>
        </label>
      </figcaption>
    </figure>
  );
}
