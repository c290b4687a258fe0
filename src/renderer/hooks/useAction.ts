import { useCallback, useEffect, useRef, useState } from 'react';
import { toStationRequestError, type StationRequestError } from '../station/index.ts';

export interface Action {
  busy: boolean;
  error: StationRequestError | null;
  setError(error: StationRequestError | null): void;
  /** Runs one station call; resolves to its value, or to undefined after showing the refusal. */
  run<T>(call: () => Promise<T>): Promise<T | undefined>;
}

/**
 * One operator action's busy flag and refusal. Forms keep their own fields in state, so a refusal
 * never clears what the operator typed: only a success does, and only where the form says so.
 *
 * A button pressed with Enter is disabled while its call runs, and Chromium drops the focus of a
 * disabled element to the page: once the call is over (a refusal, or a success that leaves the
 * form in place), the focus goes back to where it was, so a keyboard user is not left nowhere.
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StationRequestError | null>(null);
  const focusBefore = useRef<HTMLElement | null>(null);
  const run = useCallback(async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
    focusBefore.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setBusy(true);
    try {
      const value = await call();
      setError(null);
      return value;
    } catch (caught) {
      setError(toStationRequestError(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => {
    if (busy) return;
    const before = focusBefore.current;
    focusBefore.current = null;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (before !== null && lost && before.isConnected) before.focus();
  }, [busy]);
  return { busy, error, setError, run };
}
