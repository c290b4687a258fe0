// Keyboard-wedge barcode scanners in the Electron main process (docs/protocols/barcode-scanners.md,
// "Keyboard-wedge scanners"). The OS owns a scanner in keyboard mode, so its barcode arrives as
// keystrokes in the focused window. Main sees every key before the page does
// ('before-input-event'), which lets the station take the scan without any code in the renderer
// and without the barcode ever landing in a form field.
//
// The burst classifier does HOLD AND REPLAY (see src/shared/domain/scanBurst.ts): keys that could
// begin a scan are held back (preventDefault) until it knows what they were. Typing is given back
// here by sending the characters to the page as 'char' input events, in order and before the key
// that revealed them as typing, so nothing typed is lost; the page sees them up to `gapMs` late.
import type { Event, Input, WebContents } from 'electron';
import { splitAimIdentifier } from '../../../hardware/index.ts';
import { createBurstClassifier } from '../../../shared/domain/index.ts';
import type { BurstOptions, BurstOutput, DiscardedScan, KeyboardScan } from '../../../shared/domain/index.ts';
import { stderrLog, type Log } from '../../log.ts';

/** What a completed scan is handed to: data without its AIM identifier, and the symbology it named. */
export type WedgeScanHandler = (data: string, symbology: string | null, scan: KeyboardScan) => void;
/** What a scan's burst that did not end at its terminator is reported to (the screen says so; nothing is taken). */
export type WedgeDiscardHandler = (discarded: DiscardedScan) => void;

/** The parts of WebContents the scanner uses, so tests can pass a fake. */
export type WedgeContents = Pick<WebContents, 'on' | 'removeListener' | 'sendInputEvent' | 'isDestroyed'>;

export interface WedgeScannerOptions {
  onScan: WedgeScanHandler;
  /** A scan's burst thrown away (no terminator, the wrong one, interrupted): none, it is only logged. */
  onDiscarded?: WedgeDiscardHandler;
  /** Where a failing consumer is reported; stderr by default. */
  log?: Log;
  /** Classifier thresholds; the defaults suit scanners that type a key every 1–20 ms. */
  burst?: Partial<BurstOptions>;
  /** Monotonic milliseconds. before-input-event carries no timestamp, so the arrival time is used. */
  now?: () => number;
}

export interface WedgeScanner {
  /** Ends a held burst now (the window lost focus): a scan if it qualifies, else typing given back. */
  flush(): void;
  dispose(): void;
}

type KeyEvent = Pick<Event, 'preventDefault'>;
type KeyInput = Pick<Input, 'type' | 'key' | 'control' | 'alt' | 'meta'>;

/**
 * Watches one WebContents' keystrokes for wedge-scanner bursts. Only keyDown is classified: keyUp
 * carries no character, and a keyUp whose keyDown was held is harmless to the page (the app acts
 * on key downs and input events). Re-injected characters are 'char' events, which do not raise
 * before-input-event, so they are never classified a second time.
 */
export function attachWedgeScanner(contents: WedgeContents, options: WedgeScannerOptions): WedgeScanner {
  const now = options.now ?? (() => performance.now());
  const log = options.log ?? stderrLog();
  const classifier = createBurstClassifier(options.burst);
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  const deliver = (out: BurstOutput): void => {
    if (out.typed.length > 0 && !contents.isDestroyed()) {
      // One event per UTF-16 unit would split surrogate pairs; iterate by code point.
      for (const ch of out.typed) contents.sendInputEvent({ type: 'char', keyCode: ch });
    }
    for (const scan of out.scans) {
      const { data, symbology } = splitAimIdentifier(scan.data);
      try {
        options.onScan(data, symbology, scan);
      } catch (error) {
        // A failing consumer must not break the keyboard: the next keys still need classifying.
        log.error('a wedge scan could not be handed over:', error);
      }
    }
    for (const discarded of out.discarded) {
      try {
        if (options.onDiscarded) options.onDiscarded(discarded);
        else log.error(`a wedge scan of ${discarded.length} characters was discarded (${discarded.reason})`);
      } catch (error) {
        log.error('a discarded wedge scan could not be reported:', error);
      }
    }
  };

  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const deadline = classifier.nextDeadline();
    if (deadline === null || disposed) return;
    timer = setTimeout(
      () => {
        timer = null;
        deliver(classifier.tick(now()));
        schedule();
      },
      Math.max(0, deadline - now()),
    );
  };

  const onInput = (event: KeyEvent, input: KeyInput): void => {
    if (input.type !== 'keyDown') return;
    const step = classifier.key({ key: input.key, at: now(), ctrlKey: input.control, altKey: input.alt, metaKey: input.meta });
    if (step.consume) event.preventDefault();
    // Typing that ended before this key goes out first, so the page sees the keys in their order.
    deliver(step);
    schedule();
  };
  const onBlur = (): void => {
    deliver(classifier.flush());
    schedule();
  };

  contents.on('before-input-event', onInput);
  contents.on('blur', onBlur);
  return {
    flush: onBlur,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      contents.removeListener('before-input-event', onInput);
      contents.removeListener('blur', onBlur);
    },
  };
}
