import { useEffect, useState } from 'react';
import type { ConsoleIncident, ConsoleItem, ConsoleRequest } from '../../shared/contract/index.ts';
import { toStationRequestError, type StationRequestError } from '../station/index.ts';
import { useConsole, useConsoleQuery } from './ConsoleContext.tsx';

type Paged = 'console.incidents' | 'console.search';
type RowOf<N extends Paged> = N extends 'console.incidents' ? ConsoleIncident : ConsoleItem;

export interface PagedList<R> {
  rows: R[];
  error: StationRequestError | null;
  /** Whether there is a page after the last one shown. */
  more: boolean;
  loadMore(): void;
  loaded: boolean;
}

/**
 * A keyset-paged console list: its first page asked again every few seconds (live), later pages
 * asked once each when the officer wants them (the console's cursor: newest first, nothing twice).
 */
export function usePagedConsoleList<N extends Paged>(name: N, args: ConsoleRequest<N> | null, keyOf: (row: RowOf<N>) => string): PagedList<RowOf<N>> {
  const client = useConsole();
  const first = useConsoleQuery(name, args);
  const [later, setLater] = useState<{ rows: RowOf<N>[]; next: string | null } | null>(null);
  const [error, setError] = useState<StationRequestError | null>(null);
  const argsJson = JSON.stringify(args);
  // New arguments: a new list from its first page.
  useEffect(() => setLater(null), [argsJson]);

  const firstValue = first.value as { next: string | null; incidents?: RowOf<N>[]; items?: RowOf<N>[] } | null;
  const firstRows = firstValue?.incidents ?? firstValue?.items ?? [];
  const seen = new Set<string>();
  const rows: RowOf<N>[] = [];
  for (const row of [...firstRows, ...(later?.rows ?? [])]) {
    const key = keyOf(row);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  const next = later !== null ? later.next : (firstValue?.next ?? null);

  const loadMore = () => {
    if (next === null || args === null) return;
    void (async () => {
      try {
        const page = (await client.call(name, { ...args, cursor: next } as ConsoleRequest<N>)) as { next: string | null; incidents?: RowOf<N>[]; items?: RowOf<N>[] };
        setLater((known) => ({ rows: [...(known?.rows ?? []), ...(page.incidents ?? page.items ?? [])], next: page.next }));
        setError(null);
      } catch (caught) {
        setError(toStationRequestError(caught));
      }
    })();
  };
  return { rows, error: error ?? first.error, more: next !== null, loadMore, loaded: first.value !== null };
}
