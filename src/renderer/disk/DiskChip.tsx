import type { DiskStatus } from '../../shared/contract/index.ts';
import { diskWarning } from '../ui/index.ts';
import { Icon } from '../ui/index.ts';

/**
 * The device bar's warning about the data folder's disk: amber when space is low, red when it is
 * full (new items are refused then). Nothing while there is room. The title carries the station's
 * own detail for whoever looks closer.
 */
export function DiskChip({ status }: { status: DiskStatus | null }) {
  const warning = diskWarning(status);
  if (warning === null || status === null) return null;
  return (
    <li className={`device disk-chip disk-${warning.tone}`} data-testid="disk-chip" data-state={status.state} title={status.detail ?? warning.text}>
      <Icon kind={warning.tone === 'full' ? 'fault' : 'info'} />
      <span className="device-text" role="status">
        <span className="device-name">Data disk</span>
        <span className="device-health">{warning.text}</span>
      </span>
    </li>
  );
}
