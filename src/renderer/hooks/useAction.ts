import { useCallback, useState } from 'react';
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
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StationRequestError | null>(null);
  const run = useCallback(async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
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
  return { busy, error, setError, run };
}
