import { createBurstClassifier, type BurstOutput, type DiscardedScan, type KeyboardScan, type ScanTerminator } from '../../shared/domain/index.ts';

/** Input types whose text the page may edit with setRangeText (number, date… may not). */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'password', 'email']);

export type TextField = HTMLInputElement | HTMLTextAreaElement;

export function asTextField(element: Element | null): TextField | null {
  if (element instanceof HTMLTextAreaElement) return element.readOnly || element.disabled ? null : element;
  if (element instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(element.type)) return element.readOnly || element.disabled ? null : element;
  return null;
}

/**
 * Puts typed characters into a field as if they had been typed there: at the caret, replacing the
 * selection, with an `input` event so React's onChange sees it (React compares the node's value
 * with the one it last set, and setRangeText goes around its value setter).
 */
export function insertTyped(field: TextField, text: string): void {
  if (text === '' || !field.isConnected) return;
  // email inputs have no selection API; append there (they are not used for codes).
  if (field instanceof HTMLInputElement && field.type === 'email') field.value += text;
  else field.setRangeText(text, field.selectionStart ?? field.value.length, field.selectionEnd ?? field.value.length, 'end');
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
}

/** A scan as the screens take it: the AIM symbology identifier (`]C1`), when the scanner sent one, split off. */
export interface WedgeScan {
  code: string;
  symbology: string | null;
}

export function splitAim(data: string): WedgeScan {
  const aim = /^\][A-Za-z][0-9A-Za-z]/.exec(data);
  return aim ? { code: data.slice(3), symbology: aim[0] } : { code: data, symbology: null };
}

/**
 * The keyboard-wedge scanner in the page (web host only; in Electron, main takes the scanner's keys
 * before the page sees them). Listens on window in the capture phase, ahead of every field:
 * - in a text field, every character key is held back (HOLD AND REPLAY, scanBurst.ts): a burst that
 *   was a scan never reaches the field; one that was typing is put back into the field it was typed
 *   into, in order, so no typed character is lost;
 * - anywhere else keys act as usual (Space ticks, arrows move), and only the scanner's Enter or Tab
 *   after a scan is swallowed, so it does not press the focused button.
 * - with nothing focused, keys go to `idleField` (the screen's scan field) and are held there.
 * - a scan ends only at the station's terminator; a scan's burst that ends otherwise is reported to
 *   `onDiscarded` and never handed over.
 * Returns the function that removes it.
 */
export function installWedgeScanner(
  onScan: (scan: WedgeScan) => void,
  idleField: () => TextField | null = () => null,
  options: { terminator?: ScanTerminator; onDiscarded?: (discarded: DiscardedScan) => void } = {},
): () => void {
  const classifier = createBurstClassifier(options.terminator === undefined ? {} : { terminator: options.terminator });
  /** The field the held keys were typed into: typing goes back there. */
  let heldIn: TextField | null = null;
  let timer: number | null = null;

  const emit = (out: BurstOutput, field: TextField | null) => {
    if (out.typed !== '' && field !== null) insertTyped(field, out.typed);
    for (const scan of out.scans) deliver(scan);
    for (const discarded of out.discarded) options.onDiscarded?.(discarded);
  };
  const deliver = (scan: KeyboardScan) => {
    const split = splitAim(scan.data);
    if (split.code.trim() !== '') onScan(split);
  };
  const settle = (out: BurstOutput) => {
    const field = heldIn;
    if (classifier.nextDeadline() === null) heldIn = null;
    emit(out, field);
    schedule();
  };
  const schedule = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    const deadline = classifier.nextDeadline();
    if (deadline === null) return;
    timer = window.setTimeout(() => settle(classifier.tick(performance.now())), Math.max(0, deadline - performance.now()));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.isComposing) return;
    if (event.repeat) {
      // A held-down key is a person; give back whatever was held, then let it repeat as usual.
      settle(classifier.flush());
      return;
    }
    let field = asTextField(event.target instanceof Element ? event.target : null);
    if (field === null && (event.target === document.body || event.target === document.documentElement || event.target === window)) {
      field = idleField();
      field?.focus();
    }
    if (heldIn !== null && heldIn !== field) settle(classifier.flush());
    const step = classifier.key({ key: event.key, at: event.timeStamp, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey });
    const terminator = event.key === 'Enter' || event.key === 'Tab';
    if (step.consume && (field !== null || terminator)) {
      event.preventDefault();
      event.stopPropagation();
    }
    // Outside a text field the characters already acted: nothing is given back there.
    const previous = heldIn;
    if (field !== null && step.consume && !terminator) heldIn = field;
    emit(step, previous ?? (field !== null && !step.consume ? field : null));
    if (classifier.nextDeadline() === null) heldIn = null;
    schedule();
  };
  const onBlur = () => settle(classifier.flush());

  window.addEventListener('keydown', onKeyDown, true);
  window.addEventListener('blur', onBlur);
  return () => {
    window.removeEventListener('keydown', onKeyDown, true);
    window.removeEventListener('blur', onBlur);
    if (timer !== null) window.clearTimeout(timer);
    const field = heldIn;
    heldIn = null;
    emit({ ...classifier.flush(), scans: [], discarded: [] }, field);
  };
}
