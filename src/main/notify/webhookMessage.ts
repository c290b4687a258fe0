import { createHmac, randomUUID } from 'node:crypto';
import type { IncidentType, Item, RecordMode } from '../../shared/contract/index.ts';
import type { WebhookEvent, WebhookFormat } from './webhookSettings.ts';

/** What a delivery is about: the item always, its incident when there is one. No personal data. */
export interface WebhookSubject {
  item: Pick<Item, 'custodyId' | 'trackingNumber' | 'carrier' | 'itemType' | 'state'>;
  incident: { number: string; type: IncidentType } | null;
}

export interface WebhookOccurrence {
  event: WebhookEvent;
  occurredAt: string;
  station: string;
  mode: RecordMode;
  subject: WebhookSubject;
}

/** The signed-json body: a delivery id the receiver can use to drop a second copy (delivery is at least once). */
export function signedJsonBody(occurrence: WebhookOccurrence, deliveryId: string = randomUUID()): string {
  const { item, incident } = occurrence.subject;
  return JSON.stringify({
    id: deliveryId,
    event: occurrence.event,
    occurredAt: occurrence.occurredAt,
    station: occurrence.station,
    mode: occurrence.mode,
    item: { custodyId: item.custodyId, trackingNumber: item.trackingNumber, carrier: item.carrier, itemType: item.itemType, state: item.state },
    incident,
  });
}

const HAPPENED: Record<WebhookEvent, string> = {
  'item.received': 'taken in',
  'item.cleared': 'cleared for delivery',
  'item.delivered': 'delivered',
  'item.markedSuspect': 'marked SUSPECT',
  'incident.opened': 'is SUSPECT: an incident was opened',
  'incident.closed': 'closed its incident',
};

/** One line a person reads in a chat channel. */
export function occurrenceWords(occurrence: WebhookOccurrence): string {
  const { item, incident } = occurrence.subject;
  const what = [item.itemType, item.carrier && item.trackingNumber ? `${item.carrier} ${item.trackingNumber}` : item.trackingNumber].filter(Boolean).join(', ');
  const drill = occurrence.mode === 'live' ? '' : `[${occurrence.mode.toUpperCase()}] `;
  const incidentWords = incident ? ` Incident ${incident.number} (${incident.type}).` : '';
  return `${drill}Mailscreen station ${occurrence.station}: item ${item.custodyId}${what ? ` (${what})` : ''} ${HAPPENED[occurrence.event]}.${incidentWords}`;
}

const ALARMING: ReadonlySet<WebhookEvent> = new Set(['item.markedSuspect', 'incident.opened']);

/** The body in the endpoint's format, made once when the delivery is queued and sent as it is on every attempt. */
export function webhookBody(format: WebhookFormat, occurrence: WebhookOccurrence): string {
  switch (format) {
    case 'signed-json':
      return signedJsonBody(occurrence);
    case 'slack':
      return JSON.stringify({ text: occurrenceWords(occurrence) });
    case 'teams':
      // An Office 365 connector card: what Teams' incoming webhooks take.
      return JSON.stringify({
        '@type': 'MessageCard',
        '@context': 'https://schema.org/extensions',
        summary: occurrenceWords(occurrence),
        themeColor: ALARMING.has(occurrence.event) ? 'D13438' : '0078D7',
        text: occurrenceWords(occurrence),
      });
  }
}

/**
 * The headers that prove a signed-json body came from this station and is fresh: the HMAC-SHA256,
 * with the endpoint's secret, of `<timestamp>.<body>`. The timestamp is the attempt's, so a
 * receiver can refuse a replay older than a few minutes and still accept a retry.
 */
export function signatureHeaders(secret: string, body: string, nowSeconds: number): Record<string, string> {
  const timestamp = String(Math.floor(nowSeconds));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-mailscreen-timestamp': timestamp, 'x-mailscreen-signature': `sha256=${signature}` };
}
