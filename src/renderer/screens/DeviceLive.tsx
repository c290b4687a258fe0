import { usePrintJobs } from '../site/PrintJobsContext.tsx';

/**
 * The label queue as the print queue reported it. The scale's reading and the cabinet's state are
 * each device's own last reading in the bar; the queue belongs to no single device's status.
 */
export function DeviceLive() {
  const jobs = usePrintJobs();
  if (jobs.length === 0) return null;
  const waiting = jobs.filter((job) => job.state === 'queued' || job.state === 'printing').length;
  const failed = jobs.filter((job) => job.state === 'failed').length;
  const printed = jobs.filter((job) => job.state === 'printed').length;
  return (
    <li className={failed > 0 ? 'live-chip live-alarm' : 'live-chip'} data-testid="live-labels">
      <strong>Labels</strong> {waiting} queued · {printed} printed{failed > 0 && ` · ${failed} failed`}
    </li>
  );
}
