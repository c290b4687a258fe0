import { describe, expect, it } from 'vitest';
import {
  INDICATOR_CODES,
  INDICATOR_GROUPS,
  INDICATORS,
  IndicatorCode,
  indicatorByCode,
  indicatorsInGroup,
} from '../../src/shared/domain/index.ts';

/**
 * Every code ever issued, written out by hand. Codes are stored in inspection records, so a
 * renumbering, a removal or a reuse must fail here; a new indicator is appended to both lists.
 */
const ISSUED_CODES = [
  'P84-01', 'P84-02', 'P84-03', 'P84-04', 'P84-05', 'P84-06', 'P84-07', 'P84-08',
  'P84-09', 'P84-10', 'P84-11', 'P84-12', 'P84-13', 'P84-14', 'P84-15',
  'EXT-SENDER-01', 'EXT-SENDER-02', 'EXT-SENDER-03',
  'EXT-ADDR-01', 'EXT-ADDR-02', 'EXT-ADDR-03',
  'EXT-POST-01', 'EXT-POST-02', 'EXT-POST-03',
  'EXT-MARK-01', 'EXT-MARK-02', 'EXT-MARK-03',
  'EXT-SEAL-01', 'EXT-SEAL-02', 'EXT-SEAL-03', 'EXT-SEAL-04',
  'EXT-SHAPE-01', 'EXT-SHAPE-02',
  'EXT-DEVICE-01', 'EXT-DEVICE-02', 'EXT-DEVICE-03',
  'EXT-DELIV-01',
  'EXT-OPEN-01',
];

/** Reference §1.1, in the poster's order: the code number is the poster's item number. */
const POSTER_84 = [
  'No return address',
  'Restrictive markings',
  'Sealed with tape',
  'Misspelled words',
  'Badly typed or written',
  'Unknown powder or suspicious substance',
  'Possibly mailed from a foreign country',
  'Excessive postage',
  'Oily stains, discolorations, crystallization on wrapper',
  'Excessive tape',
  'Strange odor',
  'Incorrect title or addressed to title only',
  'Rigid or bulky',
  'Lopsided or uneven',
  'Protruding wires',
];

/** Every line of the reference's §1.2 extended list: each must be covered by exactly one code. */
const EXTENDED_LINES = [
  'A1', 'A2', 'A3', 'A4', 'A5',
  'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8',
  'C1', 'C2', 'C3', 'C4',
  'D1', 'D2', 'D3', 'D4',
  'E1', 'E2', 'E3', 'E4', 'E5',
  'F1', 'F2', 'F3', 'F4',
  'G1', 'G2', 'G3', 'G4',
  'H1', 'H2', 'H3', 'H4',
  'I1',
  'J',
];

describe('indicator catalog', () => {
  it('has exactly the codes ever issued, in order (no renumbering, removal or reuse)', () => {
    expect([...INDICATOR_CODES]).toEqual(ISSUED_CODES);
    expect(INDICATORS.map((indicator) => indicator.code)).toEqual(ISSUED_CODES);
    expect(IndicatorCode.options).toEqual(ISSUED_CODES);
  });

  it('gives every indicator a unique code in the stable format', () => {
    expect(new Set(INDICATORS.map((indicator) => indicator.code)).size).toBe(INDICATORS.length);
    const prefixes = INDICATOR_GROUPS.map((group) => group.codePrefix).join('|');
    const format = new RegExp(`^(P84-\\d{2}|EXT-(${prefixes})-\\d{2})$`);
    for (const indicator of INDICATORS) expect(indicator.code).toMatch(format);
  });

  it('files every extended code under the group its prefix names, numbered 01.. without gaps', () => {
    for (const group of INDICATOR_GROUPS) {
      const codes = INDICATORS.filter((indicator) => indicator.code.startsWith(`EXT-${group.codePrefix}-`));
      for (const indicator of codes) expect(indicator.group).toBe(group.id);
      expect(codes.map((indicator) => indicator.code)).toEqual(
        codes.map((_, index) => `EXT-${group.codePrefix}-${String(index + 1).padStart(2, '0')}`),
      );
    }
  });

  it('has every Poster 84 item as P84-nn, with the poster as its source', () => {
    POSTER_84.forEach((posterText, index) => {
      const code = `P84-${String(index + 1).padStart(2, '0')}`;
      const indicator = indicatorByCode(code);
      expect(indicator, code).toBeDefined();
      expect(indicator?.source).toBe('poster84');
      expect(indicator?.sourceTags).toContain('S2');
      expect(indicator?.referenceIds).toContain(`1.1-${index + 1}`);
      // The label is the poster's own words (shortened only where it would not fit at a glance).
      const firstWord = posterText.split(/[\s,]/)[0] ?? '';
      expect(indicator?.label.toLowerCase()).toContain(firstWord.toLowerCase());
    });
    expect(INDICATORS.filter((indicator) => indicator.source === 'poster84')).toHaveLength(15);
  });

  it('covers every line of the extended list once, never duplicating a Poster 84 item', () => {
    const covered = new Map<string, string[]>();
    for (const indicator of INDICATORS) {
      for (const id of indicator.referenceIds.filter((reference) => !reference.startsWith('1.1-'))) {
        covered.set(id, [...(covered.get(id) ?? []), indicator.code]);
      }
    }
    expect([...covered.keys()].sort()).toEqual([...EXTENDED_LINES].sort());
    // H4 names two different observations (electronic buzz, sloshing liquid): the only split line.
    for (const [id, codes] of covered) expect(codes.length, `${id}: ${codes.join(', ')}`).toBe(id === 'H4' ? 2 : 1);
  });

  it('has no empty group and labels every group, in a fixed order', () => {
    expect(INDICATOR_GROUPS.map((group) => group.id)).toEqual([
      'sender', 'addressing', 'postage', 'markings', 'sealing', 'shape', 'substance', 'device', 'delivery', 'opening',
    ]);
    for (const group of INDICATOR_GROUPS) {
      expect(group.label.length).toBeGreaterThan(0);
      expect(indicatorsInGroup(group.id).length, group.id).toBeGreaterThan(0);
    }
    const groupIds: ReadonlySet<string> = new Set(INDICATOR_GROUPS.map((group) => group.id));
    for (const indicator of INDICATORS) expect(groupIds.has(indicator.group)).toBe(true);
  });

  it('has short labels, descriptions, source tags and a valid hazard hint on every indicator', () => {
    const hints = new Set(['possibleExplosive', 'suspiciousSubstance', 'radiological', 'threatLetter', null]);
    for (const indicator of INDICATORS) {
      expect(indicator.label.length, indicator.code).toBeGreaterThan(0);
      expect(indicator.label.length, `${indicator.code}: ${indicator.label}`).toBeLessThanOrEqual(60);
      expect(indicator.description.length).toBeGreaterThan(indicator.label.length / 2);
      expect(indicator.sourceTags.length).toBeGreaterThan(0);
      for (const tag of indicator.sourceTags) expect(tag).toMatch(/^S\d+[a-z]?$/);
      expect(hints.has(indicator.hazardHint)).toBe(true);
      expect(indicator.retired).toBe(false);
    }
  });

  it('points device signs to the explosive protocol and substances to the substance protocol', () => {
    expect(indicatorByCode('P84-15').hazardHint).toBe('possibleExplosive');
    expect(indicatorByCode('EXT-DEVICE-01').hazardHint).toBe('possibleExplosive');
    expect(indicatorByCode('P84-06').hazardHint).toBe('suspiciousSubstance');
    expect(indicatorByCode('EXT-MARK-01').hazardHint).toBe('threatLetter');
    expect(indicatorByCode('P84-01').hazardHint).toBeNull();
  });

  it('looks codes up, and rejects what is not a code', () => {
    expect(indicatorByCode('EXT-ADDR-01').label).toBe('Addressed to someone who has left');
    expect(indicatorByCode('P84-16')).toBeUndefined();
    expect(indicatorByCode('p84-01')).toBeUndefined();
    expect(IndicatorCode.safeParse('P84-01').success).toBe(true);
    expect(IndicatorCode.safeParse('P84-1').success).toBe(false);
  });
});
