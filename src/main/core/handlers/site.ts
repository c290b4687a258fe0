import type { SiteLinkStatus } from '../../../shared/contract/index.ts';
import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { SiteSettingsService } from '../siteSettingsService.ts';

export interface SiteHandlerPorts {
  site: SiteSettingsService;
  /** The link to the site database; null for a station alone. */
  siteLink: (() => SiteLinkStatus) | null;
}

/** The site policy, and the link to the site database. */
export function siteHandlers({ site, siteLink }: SiteHandlerPorts): AreaHandlers<'site'> {
  return {
    'site.settings': () => ({ settings: site.read(), policy: site.policy }),
    'site.update': (changes, { session }) => ({ settings: site.update(operatorOf(session), changes) }),
    'site.link': () => ({ status: siteLink ? siteLink() : null }),
  };
}
