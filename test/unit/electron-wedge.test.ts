// The keyboard-wedge scanner in Electron main, without Electron: a fake WebContents records which
// key events were held back (preventDefault) and which characters were given back to the page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiscardedScan, KeyboardScan } from '../../src/shared/domain/index.ts';
import { attachWedgeScanner } from '../../src/main/hosts/electron/wedgeScanner.ts';
import type { WedgeContents, WedgeScannerOptions } from '../../src/main/hosts/electron/wedgeScanner.ts';
import { memoryLog } from '../../src/main/log.ts';

// Only types come from 'electron' here; the mock makes sure nothing would load the real module.
vi.mock('electron', () => ({}));

type Listener = (...args: unknown[]) => void;

class FakeWebContents {
  listeners = new Map<string, Listener[]>();
  /** Characters the page received from replay, in order. */
  replayed: string[] = [];
  sendInputEvent = vi.fn((event: { type: string; keyCode: string }) => {
    if (event.type === 'char') this.replayed.push(event.keyCode);
  });
  isDestroyed = vi.fn(() => false);
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(...args);
  }
}

let clock = 0;
let contents: FakeWebContents;
let scans: Array<{ data: string; symbology: string | null; scan: KeyboardScan }>;
let discarded: DiscardedScan[];

function attach(options: Partial<WedgeScannerOptions> = {}) {
  return attachWedgeScanner(contents as unknown as WedgeContents, {
    onScan: (data, symbology, scan) => scans.push({ data, symbology, scan }),
    onDiscarded: (d) => discarded.push(d),
    now: () => clock,
    ...options,
  });
}

/** Moves the fake clock and fires the scanner's timers that fall due. */
function advance(ms: number): void {
  clock += ms;
  vi.advanceTimersByTime(ms);
}

/** One keyDown (and its keyUp); returns whether the keyDown was held back from the page. */
function press(key: string, modifiers: { control?: boolean } = {}): boolean {
  const preventDefault = vi.fn();
  const input = { type: 'keyDown', key, control: modifiers.control ?? false, alt: false, meta: false, shift: false };
  contents.emit('before-input-event', { preventDefault }, input);
  contents.emit('before-input-event', { preventDefault: vi.fn() }, { ...input, type: 'keyUp' });
  return preventDefault.mock.calls.length > 0;
}

/** Types `text` (then `suffix`), `gapMs` between keys; returns the held-back flag of every key. */
function type(text: string, gapMs: number, suffix?: string): boolean[] {
  const held: boolean[] = [];
  for (const key of [...text, ...(suffix ? [suffix] : [])]) {
    held.push(press(key));
    advance(gapMs);
  }
  return held;
}

beforeEach(() => {
  vi.useFakeTimers();
  clock = 1000;
  contents = new FakeWebContents();
  scans = [];
  discarded = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the keyboard-wedge scanner in main', () => {
  it('takes a fast burst ending in Enter as one scan, holding back every key of it from the page', () => {
    attach();
    const held = type(']C10012345678', 5, 'Enter');
    advance(500);
    expect(held.every(Boolean)).toBe(true);
    expect(scans).toHaveLength(1);
    expect(scans[0]!.data).toBe('0012345678');
    expect(scans[0]!.symbology).not.toBeNull();
    expect(scans[0]!.scan.terminator).toBe('Enter');
    expect(contents.replayed).toEqual([]);
  });

  // Issue 12 point 2: a scan ends only at its terminator. This test took a burst that ended in
  // silence as a scan; it now checks that such a burst is discarded and reported, never taken.
  it('passes data without an AIM identifier through with no symbology, and discards a burst that only ends in silence', () => {
    attach();
    type('1Z5R89390357567127', 3, 'Enter');
    expect(scans.map((s) => [s.data, s.symbology, s.scan.terminator])).toEqual([['1Z5R89390357567127', null, 'Enter']]);
    type('1Z5R89390357567127', 3);
    advance(1000);
    expect(scans).toHaveLength(1);
    expect(discarded.map((d) => [d.length, d.reason])).toEqual([[18, 'no-terminator']]);
    expect(contents.replayed).toEqual([]);
  });

  it('EMP-7, a 60 ms stall, 788, Enter is one scan of EMP-7788 (issue 12, point 2)', () => {
    attach();
    type('EMP-7', 8);
    advance(52);
    type('788', 8, 'Enter');
    advance(1000);
    expect(scans.map((s) => s.data)).toEqual(['EMP-7788']);
    expect(discarded).toEqual([]);
    expect(contents.replayed).toEqual([]);
  });

  it('keeps a GS1 separator typed as Ctrl+] inside a burst', () => {
    attach();
    for (const key of '0101234567890128') {
      press(key);
      advance(4);
    }
    expect(press(']', { control: true })).toBe(true);
    advance(4);
    type('10ABC', 4, 'Enter');
    expect(scans.map((s) => s.data)).toEqual(['0101234567890128\x1d10ABC']);
  });

  it('gives slow typing back to the page, every character in order, and never takes it for a scan', () => {
    attach();
    type('hello world', 120);
    advance(500);
    expect(scans).toEqual([]);
    expect(contents.replayed.join('')).toBe('hello world');
  });

  it('gives back typing held before a non-character key first, and lets that key through', () => {
    attach();
    type('ab', 10);
    expect(press('Backspace')).toBe(false);
    // The characters were sent before this handler returned, so the page gets a, b, then Backspace.
    expect(contents.replayed).toEqual(['a', 'b']);
    expect(press('Enter')).toBe(false);
    expect(scans).toEqual([]);
  });

  it('lets the Enter of a typed form through instead of swallowing it', () => {
    attach();
    const held = type('1234', 150, 'Enter');
    expect(held.at(-1)).toBe(false);
    advance(300);
    expect(contents.replayed.join('')).toBe('1234');
    expect(scans).toEqual([]);
  });

  it('takes its thresholds from the options: a slower scanner can be allowed', () => {
    attach();
    type('ABC123456', 60, 'Enter');
    advance(300);
    expect(scans).toEqual([]);
    expect(contents.replayed.join('')).toBe('ABC123456');

    contents = new FakeWebContents();
    attach({ burst: { gapMs: 100, dataModeAvgMs: 80 } });
    const held = type('ABC123456', 60, 'Enter');
    advance(300);
    expect(held.every(Boolean)).toBe(true);
    expect(scans.map((s) => s.data)).toEqual(['ABC123456']);
    expect(contents.replayed).toEqual([]);
  });

  it('ends a held burst when the window loses focus, and stops listening once disposed', () => {
    const scanner = attach();
    type('abc', 150);
    contents.emit('blur');
    expect(contents.replayed.join('')).toBe('abc');

    scanner.dispose();
    expect(contents.listeners.get('before-input-event')).toEqual([]);
    expect(contents.listeners.get('blur')).toEqual([]);
    type('1234567890', 2, 'Enter');
    advance(300);
    expect(scans).toEqual([]);
  });

  it('keeps classifying when the scan consumer throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let calls = 0;
    attach({
      onScan: () => {
        calls += 1;
        throw new Error('database is locked');
      },
    });
    type('1234567890', 2, 'Enter');
    advance(100);
    type('0987654321', 2, 'Enter');
    expect(calls).toBe(2);
  });

  it('says through its Log that a scan could not be handed over', () => {
    const log = memoryLog();
    attach({
      log,
      onScan: () => {
        throw new Error('database is locked');
      },
    });
    type('1234567890', 2, 'Enter');
    advance(100);
    expect(log.lines.join('\n')).toMatch(/^mailscreen: a wedge scan could not be handed over: Error: database is locked/);
  });
});
