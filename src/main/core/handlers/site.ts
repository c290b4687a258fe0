import { operatorOf, type AreaHandlers } from '../../commands/index.ts';
import type { SiteSettingsService } from '../siteSettingsService.ts';

export interface SiteHandlerPorts {
  site: SiteSettingsService;
}

/** The site policy. */
export function siteHandlers({ site }: SiteHandlerPorts): AreaHandlers<'site'> {
  return {
    'site.settings': () => ({ settings: site.read(), policy: site.policy }),
    'site.update': (changes, { session }) => ({ settings: site.update(operatorOf(session), changes) }),
  };
}
