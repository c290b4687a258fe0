import type { SiteLinkState, SiteLinkStatus } from '../../shared/contract/index.ts';
import type { IconKind } from './Icon.tsx';

export interface SiteLinkWords {
  state: SiteLinkState;
  icon: IconKind;
  /** The chip's words: short, for the device bar. */
  text: string;
  /** The whole of it, for the title and whoever looks closer (the station's own detail when it has one). */
  full: string;
}

const events = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'event' : 'events'}`;

/** What the device bar says about the link to the site database; nothing for a station alone. */
export function siteLinkWords(status: SiteLinkStatus | null): SiteLinkWords | null {
  if (status === null) return null;
  const words = ((): Omit<SiteLinkWords, 'state' | 'full'> => {
    switch (status.state) {
      case 'connecting':
        return { icon: 'info', text: 'Site: connecting' };
      case 'online':
        return { icon: 'online', text: 'Site: online' };
      case 'lagging':
        return { icon: 'info', text: status.waiting === null ? 'Site: sending' : `Site: sending, ${events(status.waiting)} behind` };
      case 'offline':
        return { icon: 'offline', text: status.waiting === null || status.waiting === 0 ? 'Site offline' : `Site offline: ${events(status.waiting)} ${status.waiting === 1 ? 'waits' : 'wait'}` };
      case 'refused':
        return { icon: 'fault', text: 'Site alarm — call the site admin' };
    }
  })();
  const said = status.detail ?? words.text;
  const sentence = said.endsWith('.') ? said : `${said}.`;
  const recorded = status.state === 'offline' || status.state === 'connecting' ? ' Work goes on here; everything recorded is sent when the site is reached.' : '';
  return { state: status.state, ...words, full: `${sentence}${recorded}` };
}
