import type { PrintJob } from '../../shared/contract/index.ts';
import { useAction } from '../hooks/index.ts';
import { useStation } from '../station/index.ts';
import { ErrorNotice } from '../ui/index.ts';
import { usePrintQueue } from './PrintJobsContext.tsx';

const REPRINT_ADVICE = {
  UNAVAILABLE: 'Check the printer in the device bar (paper, head, cable), then press Reprint again.',
  INVALID_STATE: 'Wait until the printer reports this label printed or failed, then reprint it.',
} as const;

/** Print a finished label again; the station records the new job as a reprint of this one. */
export function ReprintButton({ job, label = 'Reprint label' }: { job: PrintJob; label?: string }) {
  const station = useStation();
  const { note } = usePrintQueue();
  const action = useAction();
  const reprint = async () => {
    const result = await action.run(() => station.call('print.reprint', { jobId: job.id }));
    if (result) note(result.job);
  };
  return (
    <div className="reprint">
      <button type="button" className="button button-small" disabled={action.busy} onClick={reprint} data-testid="reprint-button" data-job-id={job.id}>
        {action.busy ? 'Sending…' : label}
      </button>
      <ErrorNotice error={action.error} next={REPRINT_ADVICE} />
    </div>
  );
}
