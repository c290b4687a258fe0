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

export interface BurstOptions {
  /** A gap longer than this between two keys ends a burst. */
  gapMs: number;
  /** Data mode: more than `dataModeMinKeys - 1` keys arriving under this average gap. */
  dataModeAvgMs: number;
  dataModeMinKeys: number;
  /** Bursts shorter than this are typing, however fast. */
  minLength: number;
  /** The longest a burst that is not in data mode is held before it is given back as typing. */
  silenceMs: number;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = {
  gapMs: 40,
  dataModeAvgMs: 30,
  dataModeMinKeys: 3,
  minLength: 5,
  silenceMs: 200,
};

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
  terminator: 'Enter' | 'Tab' | null;
  startedAt: number;
  endedAt: number;
}

export interface BurstOutput {
  /** Characters to insert into the focused field now, before anything else: they were typed. */
  typed: string;
  scans: KeyboardScan[];
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
  /** Ends the held burst now (the field lost focus, the window blurred): a scan if it qualifies, else typing. */
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

export function createBurstClassifier(options: Partial<BurstOptions> = {}): BurstClassifier {
  const o: BurstOptions = { ...DEFAULT_BURST_OPTIONS, ...options };
  let held: Held[] = [];
  /** This burst was already given back as typing: its further keys pass straight through. */
  let typingBurst = false;
  let lastAt = -Infinity;

  const text = (): string => held.map((h) => h.ch).join('');
  const inDataMode = (): boolean => {
    if (held.length < o.dataModeMinKeys) return false;
    const first = held[0];
    const last = held[held.length - 1];
    return first !== undefined && last !== undefined && (last.at - first.at) / (held.length - 1) < o.dataModeAvgMs;
  };
  const isScan = (): boolean => inDataMode() && held.length >= o.minLength;

  /** Ends the held burst: a scan if it qualifies, otherwise typing to give back. */
  const finish = (terminator: KeyboardScan['terminator'], out: BurstOutput): void => {
    if (held.length > 0) {
      if (isScan()) {
        out.scans.push({ data: text(), terminator, startedAt: held[0]?.at ?? lastAt, endedAt: lastAt });
      } else {
        out.typed += text();
      }
    }
    held = [];
  };

  const tick = (now: number): BurstOutput => {
    const out: BurstOutput = { typed: '', scans: [] };
    if (held.length === 0) return out;
    if (now - lastAt > o.gapMs) {
      finish(null, out);
      typingBurst = false;
    } else if (!inDataMode() && now - (held[0]?.at ?? now) > o.silenceMs) {
      // A long run of keys that never got fast enough (key repeat): stop holding it back.
      out.typed += text();
      held = [];
      typingBurst = true;
    }
    return out;
  };

  const key = (event: BurstKey): BurstStep => {
    const step: BurstStep = { consume: false, typed: '', scans: [] };
    if (MODIFIERS.has(event.key)) return step;
    // A gap first: whatever was held before it is a finished burst.
    if (event.at - lastAt > o.gapMs) {
      const before = tick(event.at);
      step.typed += before.typed;
      step.scans.push(...before.scans);
      typingBurst = false;
    }
    const terminator = event.key === 'Enter' || event.key === 'Tab' ? event.key : null;
    const ch = event.ctrlKey ? controlChar(event.key) : typesOneCharacter(event.key) && !event.altKey && !event.metaKey ? event.key : null;

    if (terminator) {
      lastAt = event.at;
      if (isScan()) {
        finish(terminator, step);
        step.consume = true; // the scanner's suffix must not submit the form
      } else {
        finish(null, step); // typing given back first, then the key acts as usual
      }
      typingBurst = false;
      return step;
    }
    // Shortcuts (Ctrl+C) and editing keys are the person's; a control character inside a
    // burst in data mode is part of the barcode (GS1 separators).
    if (ch === null || (event.ctrlKey && !inDataMode())) {
      finish(null, step);
      typingBurst = false;
      lastAt = -Infinity;
      return step;
    }
    lastAt = event.at;
    if (typingBurst) return step;
    held.push({ ch, at: event.at });
    step.consume = true;
    return step;
  };

  return {
    key,
    tick,
    nextDeadline: () => {
      if (held.length === 0) return null;
      const gapEnd = lastAt + o.gapMs + 1;
      return inDataMode() ? gapEnd : Math.min(gapEnd, (held[0]?.at ?? lastAt) + o.silenceMs + 1);
    },
    flush: () => {
      const out: BurstOutput = { typed: '', scans: [] };
      finish(null, out);
      typingBurst = false;
      return out;
    },
  };
}
