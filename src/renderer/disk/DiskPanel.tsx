import { formatDiskBytes } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';
import { useDiskStatus } from './useDiskStatus.ts';

const STATE_WORDS = {
  ok: 'Enough free space.',
  low: 'Space is low: free some before it runs out. New items are still taken in.',
  full: 'The disk is full: new items and steps are refused; logins, logouts and reading records go on. Free space on it; the station takes new items again by itself.',
} as const;

/** The admin screen's view of the data folder's disk: free space, the site's warning line, the state. */
export function DiskPanel() {
  const status = useDiskStatus();
  return (
    <section className="panel admin-panel" aria-labelledby="disk-title" data-testid="disk-panel" data-state={status?.state ?? 'unknown'}>
      <h2 id="disk-title">Data folder disk</h2>
      {status === null ? (
        <p className="muted">Asking the station…</p>
      ) : (
        <>
          <p className={status.state === 'ok' ? 'disk-line' : `disk-line disk-line-${status.state}`} data-testid="disk-free">
            <Icon kind={status.state === 'ok' ? 'online' : status.state === 'full' ? 'fault' : 'info'} />
            <span>
              <strong>{status.freeBytes === null ? 'Free space unknown' : `${formatDiskBytes(status.freeBytes)} free`}</strong>
              {status.totalBytes !== null && ` of ${formatDiskBytes(status.totalBytes)}`} · the station warns under {formatDiskBytes(status.warningBytes)}
            </span>
          </p>
          <p className="field-hint">{STATE_WORDS[status.state]}</p>
          {/* Low says nothing the line above does not; full and an unmeasured disk say why. */}
          {status.detail !== null && status.state !== 'low' && (
            <p className="field-hint" data-testid="disk-detail">
              {status.detail}
            </p>
          )}
        </>
      )}
    </section>
  );
}
