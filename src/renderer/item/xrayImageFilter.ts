/** How the operator wants the X-ray image shown: applied to the pixels, never to the stored image. */
export interface ImageAdjustments {
  invert: boolean;
  /** -100..100: added to every grey level (scaled to 0..255). */
  brightness: number;
  /** -100..100: stretches grey levels away from (or toward) mid-grey. */
  contrast: number;
  colourMap: ColourMap;
}

/**
 * 'grey' as scanned; 'hot' black→red→yellow→white to separate close grey levels; 'density' bands
 * the grey levels the way dual-energy screens colour organic / mixed / dense matter. Ours is a
 * single-energy image, so this bands by density only: it is a reading aid, not a material call.
 */
export type ColourMap = 'grey' | 'hot' | 'density';

export const NEUTRAL: ImageAdjustments = { invert: false, brightness: 0, contrast: 0, colourMap: 'grey' };

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** The grey-level mapping (256 entries) for brightness, contrast and invert. */
export function greyLut(adjust: ImageAdjustments): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256);
  const factor = (100 + adjust.contrast) / 100;
  const offset = (adjust.brightness / 100) * 255;
  for (let v = 0; v < 256; v++) {
    let g = (v - 128) * factor * factor + 128 + offset;
    if (adjust.invert) g = 255 - g;
    lut[v] = clamp(g);
  }
  return lut;
}

/** One grey level in the chosen colour map, as [r, g, b]. */
export function colourOf(grey: number, map: ColourMap): [number, number, number] {
  if (map === 'grey') return [grey, grey, grey];
  if (map === 'hot') return [clamp(grey * 3), clamp(grey * 3 - 255), clamp(grey * 3 - 510)];
  // density: dark (dense) blue, middle green, light (thin, organic-looking) orange, near-white stays white
  if (grey < 70) return [clamp(grey * 0.4), clamp(grey * 0.6), clamp(90 + grey * 1.5)];
  if (grey < 150) return [clamp((grey - 70) * 0.6), clamp(110 + (grey - 70)), clamp((grey - 70) * 0.8)];
  if (grey < 230) return [clamp(200 + (grey - 150) * 0.6), clamp(120 + (grey - 150)), 40];
  return [grey, grey, grey];
}

/** Applies the adjustments to RGBA pixels in place (the grey level is the pixel's luma). */
export function applyAdjustments(pixels: Uint8ClampedArray, adjust: ImageAdjustments): void {
  const lut = greyLut(adjust);
  const colours = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v++) colours.set(colourOf(lut[v]!, adjust.colourMap), v * 3);
  for (let i = 0; i < pixels.length; i += 4) {
    const luma = Math.round(0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]!);
    pixels[i] = colours[luma * 3]!;
    pixels[i + 1] = colours[luma * 3 + 1]!;
    pixels[i + 2] = colours[luma * 3 + 2]!;
  }
}
