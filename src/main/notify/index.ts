// Notices to people (e-mail, after clearance only) and to the site's other systems (webhooks), and
// the recipient directory they address (CSV imports, LDAP sync, the screener's search).
export { WebhookDeliveries, WEBHOOK_RETRY, type WebhookDeliveriesOptions } from './webhookDeliveries.ts';
export { signatureHeaders, webhookBody, occurrenceWords, type WebhookOccurrence, type WebhookSubject } from './webhookMessage.ts';
export { WebhookEndpoint, WebhookSettings, WebhookEvent, WebhookFormat, WEBHOOK_EVENTS } from './webhookSettings.ts';
export {
  NoticeDeliveries,
  NOTICE_RETRY,
  NoticeSettings,
  SmtpSettings,
  NoticeTemplate,
  noticeMessage,
  noticeAddressees,
  dueNotices,
  waitingDays,
  type NoticeAttachment,
  type NoticeDeliveriesOptions,
  type NoticeWork,
  type NoticeKind,
  type NoticeFacts,
} from './notices/index.ts';
export type { ItemRecipient, RecipientLookup } from './recipientLookup.ts';
export * from './directory/index.ts';
