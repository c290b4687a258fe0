import type { RecordMode } from '../../../shared/contract/index.ts';
import type { ItemRecipient } from '../recipientLookup.ts';
import type { NoticeKind } from './noticeMessage.ts';
import type { NoticeSettings } from './noticeSettings.ts';

/**
 * Who a notice goes to. A live item's notices go to its recipient (ready, reminder), to their
 * department's contacts (escalation), or to the security coordinators (a suspect item: never its
 * recipient). A demo or drill item is made up: its notices go to the site's drill address, or nowhere.
 */
export function noticeAddressees(kind: NoticeKind, mode: RecordMode, recipient: ItemRecipient | null, settings: Pick<NoticeSettings, 'securityAddresses' | 'drillAddress'>): string[] {
  if (mode !== 'live') return settings.drillAddress ? [settings.drillAddress] : [];
  switch (kind) {
    case 'ready':
    case 'reminder':
    case 'receipt':
      return recipient?.email ? [recipient.email] : [];
    case 'escalation':
      return [...new Set(recipient?.departmentContacts ?? [])];
    case 'security-alert':
      return [...settings.securityAddresses];
  }
}
