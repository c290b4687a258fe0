// Telling a keyboard-wedge scanner from a person typing (docs/protocols/barcode-scanners.md,
// "Keyboard-wedge scanners"). A scanner "types" a whole barcode with a few milliseconds between
// keys; a person needs 80 ms or more per key.
//
// The two promises: a scan never lands in a focused text field as typed characters, and typing
// is never taken for a scan or lost. Both hold because of HOLD AND REPLAY: every character key
// that could begin a burst is consumed (the caller calls preventDefault) and held until the
// classifier knows what the burst was. A burst that turns out to be typing is handed back as
// `typed` text, in order, for the caller to insert into the focused field itself (for example
// with `input.setRangeText(typed, start, end, 'end')`); a scan is handed back as a scan and its
// characters never reach the page. The cost is that typed characters appear up to `gapMs` late
// (40 ms by default), which nobody notices. Deciding after the fact and deleting characters from
// the field instead would briefly show the scan in the field and break on fields that react to
// each keystroke, so this module never does that.
//
// Pure and clock-free: the caller passes event timestamps and calls tick() (nextDeadline() says
// when), so it runs the same in the renderer, in Electron main (before-input-event) and in tests.
// The output is the raw data: a leading AIM identifier (`]C1`) is left in for the caller to split.
//
// A SCAN ENDS ONLY AT ITS TERMINATOR (the scanner's Enter, its Tab, or a suffix it appends, as the
// station is configured). Timing tells a scan from typing, but a pause inside a scan (a busy
// machine, a slow USB hub) is no end: a burst that was a scan waits out a stall of up to `stallMs`
// and goes on. A scan's burst that ends any other way (silence past `stallMs`, the other
// terminator, an editing key, the window losing focus) is `discarded` for the caller to say so on
// screen; it is never handed over as a scan, so a truncated code is never recorded.

/** How the station's wedge scanners end each scan: their Enter key, their Tab key, or a suffix string they append. */
export type ScanTerminator = 'Enter' | 'Tab' | { suffix: string };

export interface BurstOptions {
  /** A gap longer than this between two keys ends a burst of typing (and is a stall inside a scan). */
  gapMs: number;
  /** Data mode: more than `dataModeMinKeys - 1` keys arriving under this average gap (stalls left out). */
  dataModeAvgMs: number;
  dataModeMinKeys: number;
  /** Bursts shorter than this are typing, however fast. */
  minLength: number;
  /** The longest a burst that is not in data mode is held before it is given back as typing. */
  silenceMs: number;
  /** What ends a scan. */
  terminator: ScanTerminator;
  /** The longest pause inside a scan; past it the scan is discarded, never taken as it stands. */
  stallMs: number;
  /** Pauses one scan may have; one more and it is discarded (a person typing after a scanner that sent no terminator). */
  maxStalls: number;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = {
  gapMs: 40,
  dataModeAvgMs: 30,
  dataModeMinKeys: 3,
  minLength: 5,
  silenceMs: 200,
  terminator: 'Enter',
  stallMs: 250,
  maxStalls: 3,
};

/** The terminator in words, for messages: "Enter", "Tab", "the suffix \"#\"". */
export function terminatorWords(terminator: ScanTerminator): string {
  return typeof terminator === 'string' ? terminator : `the suffix "${terminator.suffix}"`;
}

/** What the operator reads when a scan was discarded: what happened and what to do, one line. */
export function discardedScanMessage(discarded: Pick<DiscardedScan, 'reason'>, terminator: ScanTerminator): string {
  const end = terminatorWords(terminator);
  switch (discarded.reason) {
    case 'wrong-terminator':
      return `A scan ended with the wrong key (this station's scanners end with ${end}), so it was not used. Check the scanner's setup, then scan again.`;
    case 'after-typing':
      return 'A scan came right after typing and may have lost its first characters, so it was not used. Scan again.';
    case 'interrupted':
      return 'A scan was interrupted before it ended, so it was not used. Scan again.';
    case 'no-terminator':
      return `A scan stopped before its end (${end}) arrived, so it was not used. Scan again.`;
  }
}

export interface BurstKey {
  /** KeyboardEvent.key: 'a', 'A', '1', 'Enter', 'Tab', 'Shift', 'Backspace', … */
  key: string;
  /** Milliseconds, any monotonic clock (event.timeStamp). */
  at: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export interface KeyboardScan {
  /** The characters scanned, terminator removed; may start with an AIM identifier. */
  data: string;
  /** The terminator that ended it (always the configured one). */
  terminator: 'Enter' | 'Tab' | 'suffix';
  startedAt: number;
  endedAt: number;
}

/** A scan's burst that did not end at its terminator: thrown away, to be reported, never used. */
export interface DiscardedScan {
  /** How many characters were thrown away (the characters themselves are not kept). */
  length: number;
  /**
   * silence past stallMs, the other terminator key, an editing key / lost focus, or a scan that began
   * within stallMs of typed characters (its first characters may have gone to the field as typing).
   */
  reason: 'no-terminator' | 'wrong-terminator' | 'interrupted' | 'after-typing';
  startedAt: number;
  endedAt: number;
}

export interface BurstOutput {
  /** Characters to insert into the focused field now, before anything else: they were typed. */
  typed: string;
  scans: KeyboardScan[];
  discarded: DiscardedScan[];
}

export interface BurstStep extends BurstOutput {
  /** True: call preventDefault() on this key event (it is held or part of a scan). */
  consume: boolean;
}

export interface BurstClassifier {
  key(event: BurstKey): BurstStep;
  tick(now: number): BurstOutput;
  /** When tick() must next be called, or null if nothing is held. */
  nextDeadline(): number | null;
  /** Ends the held burst now (the field lost focus, the window blurred): a scan's burst is discarded, typing given back. */
  flush(): BurstOutput;
}

/** Keys that change nothing by themselves: scanners press Shift for capitals. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

interface Held {
  ch: string;
  at: number;
}

/**
 * A key that types one character: one code point, so a character outside the BMP (📦, whose `key`
 * is two UTF-16 units) is part of the scan instead of ending it.
 */
function typesOneCharacter(key: string): boolean {
  return key.length === 1 || (key.length === 2 && key.codePointAt(0)! > 0xffff);
}

/** Ctrl+letter or Ctrl+[\]^_ is how wedge scanners type control characters (GS = Ctrl+]). */
function controlChar(key: string): string | null {
  if (key.length !== 1) return null;
  const code = key.toUpperCase().charCodeAt(0);
  return code >= 0x40 && code <= 0x5f ? String.fromCharCode(code & 0x1f) : null;
}

/** A key this long after the last typed one starts something new (it may be a scan's first key). */
const ISOLATED_MS = 1000;

const nothing = (): BurstOutput => ({ typed: '', scans: [], discarded: [] });

export function createBurstClassifier(options: Partial<BurstOptions> = {}): BurstClassifier {
  const o: BurstOptions = { ...DEFAULT_BURST_OPTIONS, ...options };
  const suffix = typeof o.terminator === 'object' && o.terminator.suffix !== '' ? o.terminator.suffix : null;
  let held: Held[] = [];
  /** Pauses inside the held burst, and their total length: left out of its speed. */
  let stalls = 0;
  let stallTime = 0;
  /** The held burst was a scan (fast enough, long enough): it ends at its terminator or is discarded. */
  let latched = false;
  /** This burst was already given back as typing: its further keys pass straight through. */
  let typingBurst = false;
  let lastAt = -Infinity;
  /** When the last character given back as typing was typed. */
  let typedAt = -Infinity;
  /**
   * When the last run given back as typing that may have been a scan's first keys ended: one key on
   * its own after a silence, or two fast ones (a person typing at their pace is neither).
   */
  let headAt = -Infinity;
  /** The head was more than one lone key (two keys as fast as a scanner's, or a scan cut by a stall). */
  let headFast = false;

  const text = (): string => held.map((h) => h.ch).join('');
  const inDataMode = (): boolean => {
    if (held.length < o.dataModeMinKeys) return false;
    const first = held[0];
    const last = held[held.length - 1];
    const fastGaps = held.length - 1 - stalls;
    return first !== undefined && last !== undefined && fastGaps > 0 && (last.at - first.at - stallTime) / fastGaps < o.dataModeAvgMs;
  };
  /** A burst that may be a scan: it is waited for through a stall. */
  const scanLike = (): boolean => latched || inDataMode();
  const latch = (): void => {
    if (!latched && inDataMode() && held.length >= o.minLength) latched = true;
  };
  const reset = (): void => {
    held = [];
    stalls = 0;
    stallTime = 0;
    latched = false;
  };
  const giveBack = (out: BurstOutput): void => {
    const first = held[0];
    const last = held.at(-1);
    if (first !== undefined && last !== undefined) {
      out.typed += text();
      headAt = held.length >= 2 || first.at - typedAt > ISOLATED_MS ? last.at : -Infinity;
      headFast = held.length >= 2;
      typedAt = last.at;
    }
    reset();
  };
  const endAsScan = (terminator: KeyboardScan['terminator'], out: BurstOutput, data: string): void => {
    const startedAt = held[0]?.at ?? lastAt;
    // A scan that stalled after its first key or two looks like a key typed, then a scan: those
    // keys are already in the field, so what is held is only the rest of the code. A stall there is
    // not bounded by the stall limit (the keys before it were already given back): a busy machine
    // held a scanner's first keys 250+ ms once in CI and the rest was recorded as a new item. Up to
    // a second after a head no person types (two keys a scanner's speed apart, or a scan cut by a
    // stall), a scan is discarded; after one lone key (Space on a tick box, then a scan), only
    // within the stall limit, as before.
    if (startedAt - headAt <= (headFast ? Math.max(o.stallMs, ISOLATED_MS) : o.stallMs)) out.discarded.push({ length: held.length, reason: 'after-typing', startedAt, endedAt: lastAt });
    else out.scans.push({ data, terminator, startedAt, endedAt: lastAt });
    reset();
  };
  /** Ends the held burst without its terminator: a scan's burst is discarded, anything else was typing. */
  const endUnterminated = (reason: DiscardedScan['reason'], out: BurstOutput): void => {
    if (held.length === 0) return;
    if (latched) {
      out.discarded.push({ length: held.length, reason, startedAt: held[0]?.at ?? lastAt, endedAt: lastAt });
      // A scan cut by a stall: what comes next soon may be its rest, which must not pass for a code.
      if (reason === 'no-terminator') {
        headAt = lastAt;
        headFast = true;
      }
      reset();
    } else giveBack(out);
  };

  const tick = (now: number): BurstOutput => {
    const out = nothing();
    if (held.length === 0) return out;
    const silent = now - lastAt;
    if (scanLike()) {
      if (silent > o.stallMs) {
        endUnterminated('no-terminator', out);
        typingBurst = false;
      }
    } else if (silent > o.gapMs) {
      endUnterminated('no-terminator', out);
      typingBurst = false;
    } else if (now - (held[0]?.at ?? now) > o.silenceMs) {
      // A long run of keys that never got fast enough (key repeat): stop holding it back.
      giveBack(out);
      typingBurst = true;
    }
    return out;
  };

  const key = (event: BurstKey): BurstStep => {
    const step: BurstStep = { consume: false, ...nothing() };
    if (MODIFIERS.has(event.key)) return step;
    // A gap first: it ends a burst of typing; inside a scan it is a stall the scan goes on after.
    const gap = event.at - lastAt;
    if (gap > o.gapMs) {
      if (held.length > 0 && scanLike() && gap <= o.stallMs && stalls < o.maxStalls) {
        stalls += 1;
        stallTime += gap;
      } else {
        endUnterminated('no-terminator', step);
        typingBurst = false;
      }
    }
    const enterOrTab = event.key === 'Enter' || event.key === 'Tab' ? event.key : null;
    const ch = event.ctrlKey ? controlChar(event.key) : typesOneCharacter(event.key) && !event.altKey && !event.metaKey ? event.key : null;

    if (enterOrTab) {
      lastAt = event.at;
      latch();
      if (latched) {
        if (enterOrTab === o.terminator) endAsScan(enterOrTab, step, text());
        else endUnterminated('wrong-terminator', step);
        step.consume = true; // the scanner's key must not submit the form or move the focus
      } else {
        endUnterminated('no-terminator', step); // typing given back first, then the key acts as usual
      }
      typingBurst = false;
      return step;
    }
    // Shortcuts (Ctrl+C) and editing keys are the person's; a control character inside a
    // burst in data mode is part of the barcode (GS1 separators).
    if (ch === null || (event.ctrlKey && !scanLike())) {
      endUnterminated('interrupted', step);
      typingBurst = false;
      lastAt = -Infinity;
      return step;
    }
    lastAt = event.at;
    if (typingBurst) {
      typedAt = event.at;
      headAt = -Infinity;
      return step;
    }
    held.push({ ch, at: event.at });
    step.consume = true;
    latch();
    if (suffix !== null && latched) {
      const data = text();
      if (data.endsWith(suffix)) endAsScan('suffix', step, data.slice(0, -suffix.length));
    }
    return step;
  };

  return {
    key,
    tick,
    nextDeadline: () => {
      if (held.length === 0) return null;
      if (scanLike()) return lastAt + o.stallMs + 1;
      return Math.min(lastAt + o.gapMs + 1, (held[0]?.at ?? lastAt) + o.silenceMs + 1);
    },
    flush: () => {
      const out = nothing();
      endUnterminated('interrupted', out);
      typingBurst = false;
      return out;
    },
  };
}
