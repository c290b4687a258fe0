import { describe, expect, it } from 'vitest';
import { formatWeight, parseWeight } from '../../src/renderer/ui/weight.ts';
import { applyAdjustments, colourOf, greyLut, NEUTRAL } from '../../src/renderer/item/xrayImageFilter.ts';

describe('weights in the site’s display unit (kept in grams)', () => {
  it('formats grams in each unit', () => {
    expect(formatWeight(1250, 'g')).toBe('1,250 g');
    expect(formatWeight(1250, 'kg')).toBe('1.250 kg');
    expect(formatWeight(28.349523125, 'oz')).toBe('1.00 oz');
    expect(formatWeight(453.59237, 'lb')).toBe('1.000 lb');
  });

  it('reads a typed weight back to grams, and refuses what is not a positive number', () => {
    expect(parseWeight('20', 'g')).toBe(20);
    expect(parseWeight('1,250', 'g')).toBe(1250);
    expect(parseWeight('1.5', 'kg')).toBe(1500);
    expect(parseWeight('1', 'oz')).toBe(28.3);
    for (const bad of ['', '0', '-3', 'abc', '1.2.3', '1e3']) expect(parseWeight(bad, 'g')).toBeNull();
  });
});

describe('X-ray image adjustments (display only)', () => {
  it('is the identity when neutral, and inverts exactly', () => {
    const lut = greyLut(NEUTRAL);
    for (let v = 0; v < 256; v++) expect(lut[v]).toBe(v);
    const inverted = greyLut({ ...NEUTRAL, invert: true });
    expect(inverted[0]).toBe(255);
    expect(inverted[255]).toBe(0);
  });

  it('keeps every level in range at the extremes of brightness and contrast', () => {
    for (const brightness of [-100, 100]) {
      for (const contrast of [-100, 100]) {
        for (const value of greyLut({ ...NEUTRAL, brightness, contrast })) expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('maps grey pixels through the colour map, leaving alpha alone', () => {
    const pixels = new Uint8ClampedArray([10, 10, 10, 200, 255, 255, 255, 255]);
    applyAdjustments(pixels, { ...NEUTRAL, colourMap: 'hot' });
    expect([...pixels.slice(0, 4)]).toEqual([...colourOf(10, 'hot'), 200]);
    expect([...pixels.slice(4, 8)]).toEqual([255, 255, 255, 255]);
  });
});
