import { useCallback, useEffect, useState } from 'react';
import type { CommandName, CommandRequest, CommandResponse } from '../../shared/contract/index.ts';
import { toStationRequestError, useStation, type StationRequestError } from '../station/index.ts';

export interface StationQuery<N extends CommandName> {
  /** The last answer, null until the first arrives. */
  value: CommandResponse<N> | null;
  /** Why the last load failed; null once one succeeds. */
  error: StationRequestError | null;
  reload(): Promise<void>;
  setValue(update: (value: CommandResponse<N> | null) => CommandResponse<N> | null): void;
}

/**
 * A station read for a list or panel: loaded on mount, again when `name`, `args` or `refreshKey`
 * change, and on `reload()`. A failure keeps what was shown and reports the error.
 */
export function useStationQuery<N extends CommandName>(name: N, args: CommandRequest<N>, refreshKey?: unknown): StationQuery<N> {
  const station = useStation();
  const [value, setValue] = useState<CommandResponse<N> | null>(null);
  const [error, setError] = useState<StationRequestError | null>(null);
  // The arguments by value, so a fresh object literal each render does not reload.
  const argsJson = JSON.stringify(args);
  const reload = useCallback(async () => {
    try {
      setValue(await station.call(name, JSON.parse(argsJson) as CommandRequest<N>));
      setError(null);
    } catch (caught) {
      setError(toStationRequestError(caught));
    }
  }, [station, name, argsJson]);
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);
  return { value, error, reload, setValue };
}
