import type { PrintJob } from '../../shared/contract/index.ts';
import { mayReprint, usePrintQueue } from '../site/index.ts';
import { ReprintButton } from '../site/index.ts';
import { formatReceivedTime } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { PRINT_STATE_WORDS } from '../ui/index.ts';

const TEMPLATE_NAMES: Readonly<Record<string, string>> = { clearance: 'Clearance label', custody: 'Custody label' };
const SHOWN = 12;

/**
 * The label queue as the print queue reports it: a chip in the device bar with the counts, which
 * opens the list of recent labels (queued, printing, printed, failed) with a reprint where it fits.
 * The queue belongs to no single device's status, so it is its own chip.
 */
export function LabelQueueChip({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const { jobs } = usePrintQueue();
  const count = (state: PrintJob['state']) => jobs.filter((job) => job.state === state).length;
  const waiting = count('queued') + count('printing');
  const failed = count('failed');
  return (
    <li className={failed > 0 ? 'live-chip live-alarm' : 'live-chip'} data-testid="live-labels" data-failed={failed}>
      <button type="button" className="chip-button" aria-expanded={open} aria-controls="label-queue" onClick={onToggle} data-testid="label-queue-toggle">
        {failed > 0 && <Icon kind="fault" />}
        <span>
          <strong>Labels</strong> {waiting} queued · {count('printed')} printed{failed > 0 && ` · ${failed} failed`}
        </span>
        <span className="chip-more">{open ? 'Hide list' : 'Show list'}</span>
      </button>
    </li>
  );
}

export function LabelQueueList() {
  const { jobs, error } = usePrintQueue();
  return (
    <section id="label-queue" className="label-queue" aria-label="Label print queue" data-testid="label-queue">
      {error !== null && (
        <p className="device-bar-error">
          <Icon kind="fault" /> The print queue could not be listed: {error.message}
        </p>
      )}
      {jobs.length === 0 ? (
        <p className="muted">No labels printed since the station started.</p>
      ) : (
        <ol className="label-jobs">
          {jobs.slice(0, SHOWN).map((job) => (
            <li key={job.id} className={`label-job label-job-${job.state}`} data-testid="label-job" data-job-id={job.id} data-state={job.state} data-subject={job.subject ?? ''}>
              <span className="label-job-state">
                <Icon kind={job.state === 'failed' ? 'fault' : job.state === 'printed' ? 'online' : 'info'} />
                {PRINT_STATE_WORDS[job.state]}
              </span>
              <span className="label-job-what">
                {TEMPLATE_NAMES[job.template] ?? job.template}
                {job.subject !== null && <span className="tracking"> {job.subject}</span>}
                {job.reprintOf !== null && <em className="label-job-reprint">reprint of job {job.reprintOf}</em>}
              </span>
              <span className="label-job-when">
                {formatReceivedTime(job.updatedAt)}
                {job.attempts > 1 && ` · ${job.attempts} attempts`}
                {job.lastError !== null && ` · ${job.lastError}`}
              </span>
              {mayReprint(job) && <ReprintButton job={job} label={job.state === 'failed' ? 'Print again' : 'Reprint'} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
