import { usePrintJobs } from '../site/index.ts';
import { Icon } from '../ui/index.ts';
import { PRINT_STATE_WORDS } from '../ui/index.ts';

/** The clearance label's latest print job for this item, as the printer queue reported it (Print / Reprint are by the preview). */
export function LabelStatus({ custodyId }: { custodyId: string }) {
  const job = usePrintJobs().find((candidate) => candidate.subject === custodyId && candidate.template === 'clearance');
  if (!job) {
    return (
      <p className="label-status" data-testid="label-status" data-state="none">
        <Icon kind="info" /> Clearance label: no printer has reported a job for this item. If no label comes out, write the custody ID on the item.
      </p>
    );
  }
  return (
    <div className={job.state === 'failed' ? 'label-status label-failed' : 'label-status'} data-testid="label-status" data-state={job.state} data-reprint={job.reprintOf !== null ? 'true' : 'false'}>
      <p className="label-status-text">
        <Icon kind={job.state === 'failed' ? 'fault' : 'online'} /> Clearance label{job.reprintOf !== null && ' (reprint)'} {PRINT_STATE_WORDS[job.state]}
        {job.lastError !== null && ` — ${job.lastError}`}
      </p>
    </div>
  );
}
