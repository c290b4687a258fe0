import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBurstClassifier } from '../../src/shared/domain/scanBurst.ts';
import type { BurstClassifier, BurstKey, KeyboardScan } from '../../src/shared/domain/scanBurst.ts';

interface Page {
  /** What the focused field ends up holding: keys not consumed plus replayed typing. */
  field: string;
  scans: KeyboardScan[];
}

/** Drives the classifier the way the renderer does: keydown handler plus ticks at nextDeadline(). */
function run(keys: BurstKey[], classifier: BurstClassifier = createBurstClassifier()): Page {
  const page: Page = { field: '', scans: [] };
  const apply = (out: { typed: string; scans: KeyboardScan[] }): void => {
    page.field += out.typed;
    page.scans.push(...out.scans);
  };
  for (const event of keys) {
    for (let deadline = classifier.nextDeadline(); deadline !== null && deadline <= event.at; deadline = classifier.nextDeadline()) {
      const before = classifier.nextDeadline();
      apply(classifier.tick(deadline));
      if (classifier.nextDeadline() === before) break;
    }
    const step = classifier.key(event);
    apply(step);
    if (!step.consume && event.key.length === 1 && !event.ctrlKey) page.field += event.key;
  }
  apply(classifier.tick((keys.at(-1)?.at ?? 0) + 10_000));
  return page;
}

const typed = (text: string, start: number, gap: number): BurstKey[] => [...text].map((key, i) => ({ key, at: start + i * gap }));
const scanned = (text: string, start: number, gap = 8, terminator: string | null = 'Enter'): BurstKey[] => {
  const keys = typed(text, start, gap);
  if (terminator) keys.push({ key: terminator, at: start + text.length * gap });
  return keys;
};

describe('keyboard-wedge burst classifier', () => {
  it('takes a fast burst ending in Enter as a scan, and nothing reaches the field', () => {
    const page = run(scanned(']C01Z5R89390357567127', 1000));
    expect(page.field).toBe('');
    expect(page.scans).toEqual([{ data: ']C01Z5R89390357567127', terminator: 'Enter', startedAt: 1000, endedAt: 1000 + 21 * 8 }]);
  });

  it('gives typing back, in order, never as a scan', () => {
    const page = run(typed('hello world', 0, 120));
    expect(page.field).toBe('hello world');
    expect(page.scans).toEqual([]);
  });

  it('ends a terminator-less scan on silence', () => {
    const page = run(scanned('RB123456785GB', 0, 10, null));
    expect(page.scans.map((s) => [s.data, s.terminator])).toEqual([['RB123456785GB', null]]);
    expect(page.field).toBe('');
  });

  it('treats a fast burst of 4 or fewer as typing', () => {
    const page = run(scanned('AB12', 0, 5));
    expect(page.scans).toEqual([]);
    expect(page.field).toBe('AB12');
  });

  it('keeps typing before and after a scan in the field, and the scan out of it', () => {
    const page = run([...typed('ab', 0, 150), ...scanned('9400111206206406000001', 500, 6), ...typed('cd', 1000, 150)]);
    expect(page.field).toBe('abcd');
    expect(page.scans.map((s) => s.data)).toEqual(['9400111206206406000001']);
  });

  it('reads Ctrl+] inside a scan as GS (GS1 separator) but leaves Ctrl+C alone', () => {
    const keys: BurstKey[] = [...typed(']C1010950110153000317', 0, 5), { key: ']', ctrlKey: true, at: 110 }, ...typed('10ABC', 115, 5), { key: 'Enter', at: 145 }];
    expect(run(keys).scans.map((s) => s.data)).toEqual([']C1010950110153000317\u001d10ABC']);
    const c = createBurstClassifier();
    expect(c.key({ key: 'c', ctrlKey: true, at: 0 })).toEqual({ consume: false, typed: '', scans: [] });
  });

  it('gives held typing back before an editing key acts', () => {
    const c = createBurstClassifier();
    expect(c.key({ key: 'x', at: 0 }).consume).toBe(true);
    expect(c.key({ key: 'Backspace', at: 20 })).toEqual({ consume: false, typed: 'x', scans: [] });
  });

  it('follows configured thresholds', () => {
    const slowScanner = createBurstClassifier({ gapMs: 80, dataModeAvgMs: 60, minLength: 3 });
    expect(run(scanned('ABC', 0, 50), slowScanner).scans.map((s) => s.data)).toEqual(['ABC']);
  });

  it('never loses or invents a character, and typing at human speed is never a scan (fuzz)', () => {
    const human = fc.array(fc.tuple(fc.constantFrom(...'abcXYZ019 -'), fc.integer({ min: 45, max: 400 })), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(human, (pairs) => {
        let at = 0;
        const keys = pairs.map(([key, gap]) => ({ key, at: (at += gap) }));
        const page = run(keys);
        expect(page.scans).toEqual([]);
        expect(page.field).toBe(keys.map((k) => k.key).join(''));
      }),
      { numRuns: 2000 },
    );
    const anything = fc.array(fc.tuple(fc.constantFrom(...'abc123]'), fc.integer({ min: 0, max: 120 })), { maxLength: 60 });
    fc.assert(
      fc.property(anything, (pairs) => {
        let at = 0;
        const keys = pairs.map(([key, gap]) => ({ key, at: (at += gap) }));
        const page = run(keys);
        // Every character ends up exactly once: in the field or in a scan.
        expect(page.field.length + page.scans.reduce((n, s) => n + s.data.length, 0)).toBe(keys.length);
      }),
      { numRuns: 10_000 },
    );
  });
});
