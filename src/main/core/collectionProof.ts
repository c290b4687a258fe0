import { createHash } from 'node:crypto';
import { MAX_COLLECTION_PHOTO_BYTES, StationFailure, type SignatureStrokes } from '../../shared/contract/index.ts';
import { canonicalJson, type StoredSignature } from '../store/index.ts';

// The proof a hand-over brings, made ready to be stored: the signature's strokes in their canonical
// form with the SVG drawn from them, and the camera's photo checked to be a JPEG by its bytes.

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A coordinate with at most one decimal: what a screen's pointer gives, and a stable text in the SVG. */
const round = (n: number): number => Math.round(n * 10) / 10;

/** A signature as the store keeps it: `sha256` of the strokes' canonical JSON (its fingerprint in the chain), `strokes` that JSON of { width, height, strokes }. */
export type SignatureRecord = StoredSignature;

/** The SVG of the strokes: one polyline each (a dot for a stroke of one point), black on white, the pad's size. */
export function signatureSvg(signature: SignatureStrokes): string {
  const paths = signature.strokes.map((stroke) => {
    const points = stroke.map(([x, y]) => `${round(x)},${round(y)}`);
    if (points.length === 1) points.push(points[0]!);
    return `<polyline points="${points.join(' ')}"/>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${signature.width}" height="${signature.height}" viewBox="0 0 ${signature.width} ${signature.height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<g fill="none" stroke="#000" stroke-width="3" stroke-linecap="round" stroke-linejoin="round">${paths.join('')}</g></svg>`
  );
}

export function signatureRecord(signature: SignatureStrokes): SignatureRecord {
  const canonical = { width: signature.width, height: signature.height, strokes: signature.strokes.map((s) => s.map(([x, y]) => [round(x), round(y)])) };
  const strokes = canonicalJson(canonical);
  const svg = signatureSvg(signature);
  return { sha256: sha256(strokes), width: signature.width, height: signature.height, strokes, svg, svgSha256: sha256(svg) };
}

/** Start-of-frame markers (baseline, progressive, …; not DHT 0xC4, JPG 0xC8 or DAC 0xCC). */
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Why these bytes are not a JPEG photo, or null when they are: SOI, then marker segments whose
 * lengths stay inside the data, a frame header with a size, the scan, and EOI at the end.
 */
export function jpegProblem(bytes: Uint8Array): string | null {
  if (bytes.length < 125) return 'it is too small to be a photo';
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return 'it is not a JPEG image';
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) return 'the JPEG image is cut short';
  let at = 2;
  let frame = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return 'the JPEG image is damaged';
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) return 'the JPEG image is damaged';
    if (isStartOfFrame(marker)) {
      if (length < 8) return 'the JPEG image is damaged';
      const height = (bytes[at + 5]! << 8) | bytes[at + 6]!;
      const width = (bytes[at + 7]! << 8) | bytes[at + 8]!;
      if (width === 0 || height === 0) return 'the JPEG image has no size';
      frame = true;
    }
    if (marker === 0xda) return frame ? null : 'the JPEG image has no frame';
    at += 2 + length;
  }
  return 'the JPEG image is damaged';
}

/** The photo's bytes from the screen's base64, or a refusal that says to take it again. */
export function photoBytes(base64: string): { bytes: Buffer; sha256: string } {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_COLLECTION_PHOTO_BYTES) {
    throw new StationFailure('INVALID_ARGUMENTS', `The photo is larger than ${MAX_COLLECTION_PHOTO_BYTES / 1024} KB: take it again.`);
  }
  const problem = jpegProblem(bytes);
  if (problem) throw new StationFailure('INVALID_ARGUMENTS', `The photo cannot be recorded: ${problem}. Take it again.`);
  return { bytes, sha256: sha256(bytes) };
}
