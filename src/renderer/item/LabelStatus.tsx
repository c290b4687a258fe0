import { usePrintJobs } from '../site/PrintJobsContext.tsx';
import { Icon } from '../ui/Icon.tsx';
import { PRINT_STATE_WORDS } from '../ui/printWords.ts';

/** The clearance label's print job for this item, as the printer queue reported it. */
export function LabelStatus({ custodyId }: { custodyId: string }) {
  const job = usePrintJobs().find((candidate) => candidate.subject === custodyId);
  if (!job) {
    return (
      <p className="label-status" data-testid="label-status" data-state="none">
        <Icon kind="info" /> Clearance label: no printer has reported a job for this item. If no label comes out, write the custody ID on the item.
      </p>
    );
  }
  return (
    <p className={job.state === 'failed' ? 'label-status label-failed' : 'label-status'} data-testid="label-status" data-state={job.state}>
      <Icon kind={job.state === 'failed' ? 'fault' : 'online'} /> Clearance label {PRINT_STATE_WORDS[job.state]}
      {job.lastError !== null && ` — ${job.lastError}`}
    </p>
  );
}
