import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { PrintJob } from '../../shared/contract/index.ts';
import { toStationRequestError, useStation, useStationEvent, type StationRequestError } from '../station/index.ts';

interface PrintJobs {
  /** Newest first, as the print queue reported them (print.list, then print.job events). */
  jobs: readonly PrintJob[];
  /** Why the queue could not be listed, when it could not. */
  error: StationRequestError | null;
  /** Merge one job the screen got back from a command (a reprint) without waiting for its event. */
  note(job: PrintJob): void;
}

const PrintJobsContext = createContext<PrintJobs>({ jobs: [], error: null, note: () => {} });

/** Keep this many recent jobs: enough for the device bar's queue and the items on screen. */
const KEEP = 50;

function merge(current: readonly PrintJob[], incoming: readonly PrintJob[]): PrintJob[] {
  const byId = new Map(current.map((job) => [job.id, job]));
  for (const job of incoming) {
    const known = byId.get(job.id);
    // Events and the list may cross on the wire: the later update of a job wins.
    if (!known || known.updatedAt <= job.updatedAt) byId.set(job.id, job);
  }
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, KEEP);
}

/**
 * Label print jobs: the queue as `print.list` lists it when an operator logs in (or the link comes
 * back), then kept current by `print.job` events. `loadKey` changes when the list must be fetched
 * again; null while nobody is logged in (the queue is a record, not for the lock screen).
 */
export function PrintJobsProvider({ loadKey, children }: { loadKey: string | null; children: ReactNode }) {
  const station = useStation();
  const [jobs, setJobs] = useState<PrintJob[]>([]);
  const [error, setError] = useState<StationRequestError | null>(null);

  useEffect(() => {
    if (loadKey === null) {
      setJobs([]);
      return;
    }
    let cancelled = false;
    station.call('print.list', { limit: KEEP }).then(
      (result) => {
        if (cancelled) return;
        setJobs((current) => merge(current, result.jobs));
        setError(null);
      },
      (caught: unknown) => {
        if (!cancelled) setError(toStationRequestError(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [station, loadKey]);

  useStationEvent('print.job', (job) => setJobs((current) => merge(current, [job])));
  const note = useCallback((job: PrintJob) => setJobs((current) => merge(current, [job])), []);

  return <PrintJobsContext value={{ jobs, error, note }}>{children}</PrintJobsContext>;
}

export function usePrintJobs(): readonly PrintJob[] {
  return useContext(PrintJobsContext).jobs;
}

export function usePrintQueue(): PrintJobs {
  return useContext(PrintJobsContext);
}

/** A finished clearance label can be printed again (the reprint is marked as one on the record). */
export function mayReprint(job: PrintJob): boolean {
  return job.template === 'clearance' && (job.state === 'printed' || job.state === 'failed');
}
