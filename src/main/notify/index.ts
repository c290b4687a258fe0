// Notices to people and to the site's other systems: webhooks now; e-mail notices and the recipients directory next.
export { WebhookDeliveries, WEBHOOK_RETRY, type WebhookDeliveriesOptions } from './webhookDeliveries.ts';
export { signatureHeaders, webhookBody, occurrenceWords, type WebhookOccurrence, type WebhookSubject } from './webhookMessage.ts';
export { WebhookEndpoint, WebhookSettings, WebhookEvent, WebhookFormat, WEBHOOK_EVENTS } from './webhookSettings.ts';
