import { crc32, deflateSync } from 'node:zlib';

// A small hand-written PNG encoder for the cabinet simulator: real cabinets deliver real image
// files, so the station's copy/hash/store path is tested with a file any viewer can open, with
// no image library in the dependency tree. 8-bit grayscale, one IDAT, filter type 0 on every row.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes `pixels` (row-major, one byte per pixel) as an 8-bit grayscale PNG. */
export function encodeGrayscalePng(width: number, height: number, pixels: Uint8Array): Buffer {
  if (pixels.length !== width * height) throw new RangeError(`expected ${width * height} pixels, got ${pixels.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: grayscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A tiny deterministic PRNG, so the same reference always yields the same image (and hash). */
function prng(seed: string): () => number {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

export interface XrayImageOptions {
  width?: number;
  height?: number;
  /** Draws a battery-and-wires shape inside the envelope: the "threat" sample for demos. */
  threat?: boolean;
}

/**
 * An X-ray-like transmission image of a letter: bright background (no absorption), a darker
 * envelope, faint paper texture and, optionally, a dense block with wires leading off it.
 */
export function xrayLikePng(seed: string, options: XrayImageOptions = {}): Buffer {
  const width = options.width ?? 160;
  const height = options.height ?? 112;
  const rand = prng(seed);
  const pixels = new Uint8Array(width * height);
  const inEnvelope = (x: number, y: number): boolean => x > width * 0.1 && x < width * 0.9 && y > height * 0.15 && y < height * 0.85;
  const inBattery = (x: number, y: number): boolean => x > width * 0.3 && x < width * 0.45 && y > height * 0.35 && y < height * 0.65;
  const onWire = (x: number, y: number): boolean =>
    (x >= width * 0.45 && x < width * 0.75 && Math.abs(y - (height * 0.4 + (x - width * 0.45) * 0.3)) < 1) ||
    (x >= width * 0.45 && x < width * 0.7 && Math.abs(y - height * 0.6) < 1);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let level = 235;
      if (inEnvelope(x, y)) level = 180 - Math.floor(rand() * 25);
      if (options.threat && (inBattery(x, y) || onWire(x, y))) level = 30 + Math.floor(rand() * 15);
      pixels[y * width + x] = level;
    }
  }
  return encodeGrayscalePng(width, height, pixels);
}
