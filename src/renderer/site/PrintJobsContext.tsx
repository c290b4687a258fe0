import { createContext, useContext, useState, type ReactNode } from 'react';
import type { PrintJob } from '../../shared/contract/index.ts';
import { useStationEvent } from '../station/index.ts';

const PrintJobsContext = createContext<readonly PrintJob[]>([]);

/** Keep this many recent jobs: enough for the device bar's queue and the items on screen. */
const KEEP = 50;

/**
 * Label print jobs as the station reported them since this screen opened. There is no command to
 * list the queue yet (requested: `print.list`), so a reload starts from the next event.
 */
export function PrintJobsProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<PrintJob[]>([]);
  useStationEvent('print.job', (job) =>
    setJobs((current) => [job, ...current.filter((known) => known.id !== job.id)].slice(0, KEEP)),
  );
  return <PrintJobsContext value={jobs}>{children}</PrintJobsContext>;
}

export function usePrintJobs(): readonly PrintJob[] {
  return useContext(PrintJobsContext);
}
