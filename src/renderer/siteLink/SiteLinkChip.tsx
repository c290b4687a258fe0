import type { SiteLinkStatus } from '../../shared/contract/index.ts';
import { Icon, siteLinkWords } from '../ui/index.ts';

/**
 * The device bar's word on the link to the site database: online, sending (how far behind),
 * offline (how many events wait here), or the alarm (red: the site holds a chain this station's
 * database is behind or differs from). Nothing at a station alone. The title carries the station's
 * own detail.
 */
export function SiteLinkChip({ status }: { status: SiteLinkStatus | null }) {
  const words = siteLinkWords(status);
  if (words === null) return null;
  return (
    <li className={`device site-link-chip site-link-${words.state}`} data-testid="site-link-chip" data-state={words.state} title={words.full}>
      <Icon kind={words.icon} />
      <span className="device-text" role="status">
        <span className="device-name">Site</span>
        <span className="device-health">{words.text}</span>
      </span>
    </li>
  );
}
