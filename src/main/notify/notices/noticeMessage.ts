import type { NoticeSettings, NoticeTemplate } from './noticeSettings.ts';

/** What a notice is: the recipient's three, the security coordinators' alert, or the receipt of a hand-over at the counter. */
export type NoticeKind = 'ready' | 'reminder' | 'escalation' | 'security-alert' | 'receipt';

/** The words a template may use, each in braces: {custodyId}, {collectAt}, … */
export interface NoticeFacts {
  name: string;
  custodyId: string;
  itemType: string;
  carrier: string;
  trackingNumber: string;
  collectAt: string;
  receivedAt: string;
  waitingDays: string;
  station: string;
  incidentNumber: string;
  incidentType: string;
  /** A receipt's: who took the items, which, and the proof recorded. */
  collectedBy?: string;
  items?: string;
  proof?: string;
  collectedAt?: string;
}

const DEFAULTS: Record<NoticeKind, NoticeTemplate> = {
  ready: {
    subject: 'Your {itemType} is ready to collect ({custodyId})',
    text: 'Hello {name},\n\nA {itemType} for you ({carrier} {trackingNumber}) has been screened and is ready to collect.\n\nWhere and when: {collectAt}\nReference: {custodyId}\n\nBring your badge. Someone else may collect it for you if you have authorised them.',
  },
  reminder: {
    subject: 'Reminder: your {itemType} is waiting ({custodyId})',
    text: 'Hello {name},\n\nA {itemType} for you has been waiting for {waitingDays} days.\n\nWhere and when: {collectAt}\nReference: {custodyId}',
  },
  escalation: {
    subject: '{name} has not collected a {itemType} ({custodyId})',
    text: 'A {itemType} for {name} has been waiting for {waitingDays} days at the mail center and has not been collected.\n\nWhere and when: {collectAt}\nReference: {custodyId}\n\nPlease tell {name}, or authorise someone to collect it.',
  },
  receipt: {
    subject: 'Receipt: {items} collected ({custodyId})',
    text: 'Hello {name},\n\nThe mail center handed over {items} on {collectedAt}.\nCollected by: {collectedBy}\nProof recorded: {proof}\n\nThe signature is attached. If you did not collect these items, tell the mail center now, quoting reference {custodyId}.',
  },
  'security-alert': {
    subject: 'SUSPECT item at station {station}: incident {incidentNumber}',
    text: 'Item {custodyId} ({itemType}, {carrier} {trackingNumber}) was marked SUSPECT at station {station}.\nIncident {incidentNumber} ({incidentType}) is open.\n\nFollow the site protocol. The item\'s recipient has not been told.',
  },
};

const TEMPLATE_KEY: Record<NoticeKind, keyof NoticeSettings['templates']> = { ready: 'ready', reminder: 'reminder', escalation: 'escalation', 'security-alert': 'securityAlert', receipt: 'receipt' };

/** A value put into a message: one line, no control characters (a name from a directory cannot add a header or a line). */
function oneLine(value: string): string {
  return value.replace(/\p{Cc}+/gu, ' ').trim();
}

function fill(template: string, facts: NoticeFacts): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => (Object.hasOwn(facts, key) ? oneLine(facts[key as keyof NoticeFacts] ?? '') : whole));
}

/** The message for a notice: the site's template for its kind when it has one, else the station's. */
export function noticeMessage(kind: NoticeKind, settings: Pick<NoticeSettings, 'templates'>, facts: NoticeFacts): { subject: string; text: string } {
  const template = settings.templates[TEMPLATE_KEY[kind]] ?? DEFAULTS[kind];
  return { subject: fill(template.subject, facts), text: fill(template.text, facts) };
}
