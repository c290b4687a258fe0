import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ConsoleCommandName, ConsoleRequest, ConsoleResponse } from '../../shared/contract/index.ts';
import { toStationRequestError, useConnection, type StationRequestError } from '../station/index.ts';
import type { ConsoleClient } from './consoleClient.ts';

const ConsoleContext = createContext<ConsoleClient | null>(null);

export function ConsoleProvider({ client, children }: { client: ConsoleClient; children: ReactNode }) {
  return <ConsoleContext value={client}>{children}</ConsoleContext>;
}

export function useConsole(): ConsoleClient {
  const client = useContext(ConsoleContext);
  if (!client) throw new Error('useConsole outside <ConsoleProvider>');
  return client;
}

/** How often a console screen asks the site again: the site's views move as stations publish. */
export const CONSOLE_REFRESH_MS = 5_000;

export interface ConsoleQuery<N extends ConsoleCommandName> {
  value: ConsoleResponse<N> | null;
  error: StationRequestError | null;
  reload(): Promise<void>;
}

/**
 * A console read, loaded when the link is up, again when its arguments change, and every
 * `refreshMs` while the screen shows it (0: once). A failure keeps what was shown and says why.
 */
export function useConsoleQuery<N extends ConsoleCommandName>(name: N, args: ConsoleRequest<N> | null, refreshMs = CONSOLE_REFRESH_MS): ConsoleQuery<N> {
  const client = useConsole();
  const connection = useConnection();
  const [value, setValue] = useState<ConsoleResponse<N> | null>(null);
  const [error, setError] = useState<StationRequestError | null>(null);
  const argsJson = args === null ? null : JSON.stringify(args);
  const ready = connection.status === 'ready';
  const reload = useCallback(async () => {
    if (argsJson === null) return;
    try {
      setValue(await client.call(name, JSON.parse(argsJson) as ConsoleRequest<N>));
      setError(null);
    } catch (caught) {
      setError(toStationRequestError(caught));
    }
  }, [client, name, argsJson]);
  useEffect(() => {
    if (!ready) return;
    void reload();
    if (refreshMs <= 0) return;
    const timer = window.setInterval(() => void reload(), refreshMs);
    return () => window.clearInterval(timer);
  }, [reload, ready, refreshMs]);
  return { value, error, reload };
}
