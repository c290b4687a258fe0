import type { Item, RecordMode } from '../../shared/contract/index.ts';
import { noticeAddressees, noticeMessage, type NoticeDeliveries, type NoticeSettings, type RecipientLookup } from '../notify/index.ts';
import type { CollectionProof } from '../store/index.ts';

/** A hand-over as its receipt tells it. */
export interface CollectionReceiptFacts {
  proof: CollectionProof;
  /** The ID document's number as typed (the proof holds only its hash), or null. */
  idNumber: string | null;
  items: readonly Item[];
  at: string;
  mode: RecordMode;
  /** The signature's SVG, when one was recorded. */
  signatureSvg: string | null;
}

/**
 * What the receipt says of the proof, in words: the signature (attached), the photo (mentioned, never
 * sent), the ID number's last three characters when `idNumber` is given (the e-mail, which the
 * recipients retention purges), else only that one was recorded (the printed receipt, whose print job
 * it does not).
 */
export function proofWords(proof: CollectionProof, idNumber: string | null = null): string {
  const parts = [
    proof.signatureSha256 ? 'signature (attached)' : null,
    proof.photoSha256 ? `photo taken at the counter (kept at the mail center, fingerprint ${proof.photoSha256.slice(0, 12)})` : null,
    idNumber ? `ID document number ending ${idNumber.slice(-3)}` : proof.idNumberHmac ? 'ID document number recorded' : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join('; ') : 'none asked by the site';
}

export function collectorWords(proof: CollectionProof): string {
  if (proof.collector === 'recipient') return `${proof.recipientName} in person`;
  const on = proof.authority === 'standingProxy' ? 'as standing proxy' : proof.authority === 'departmentContact' ? `authorised by ${proof.authorisedBy ?? 'the department contact'}` : 'without an authorisation';
  return `${proof.proxyName ?? 'a proxy'} for ${proof.recipientName}, ${on}`;
}

/**
 * The hand-over's receipt by e-mail to the recipient, queued through the notice job queue inside
 * the hand-over's transaction (so it exists if and only if the hand-over was recorded). The photo
 * is mentioned, not sent: it stays at the mail center. A demo or drill hand-over goes to the drill
 * address or nowhere, as every notice does.
 */
export class CollectionReceipts {
  readonly #deliveries: NoticeDeliveries;
  readonly #settings: NoticeSettings;
  readonly #recipients: RecipientLookup;
  readonly #station: string;

  constructor(deliveries: NoticeDeliveries, settings: NoticeSettings, recipients: RecipientLookup, station: string) {
    this.#deliveries = deliveries;
    this.#settings = settings;
    this.#recipients = recipients;
    this.#station = station;
  }

  /** Call inside the hand-over's transaction. */
  queue({ proof, idNumber, items, at, mode, signatureSvg }: CollectionReceiptFacts): void {
    const first = items[0];
    if (!first) return;
    const recipient = this.#recipients.forItem(first.custodyId);
    const to = noticeAddressees('receipt', mode, recipient, this.#settings);
    if (to.length === 0) return;
    const message = noticeMessage('receipt', this.#settings, {
      name: proof.recipientName,
      custodyId: first.custodyId,
      itemType: first.itemType ?? 'item',
      carrier: first.carrier ?? '',
      trackingNumber: first.trackingNumber ?? '',
      collectAt: this.#settings.collectAt,
      receivedAt: first.receivedAt.slice(0, 10),
      waitingDays: '0',
      station: this.#station,
      incidentNumber: '',
      incidentType: '',
      collectedBy: collectorWords(proof),
      items: items.map((item) => `${item.custodyId}${item.trackingNumber ? ` (${item.trackingNumber})` : ''}`).join(', '),
      proof: proofWords(proof, idNumber),
      collectedAt: at.replace('T', ' ').slice(0, 16) + ' UTC',
    });
    const attachments = signatureSvg ? [{ filename: 'signature.svg', contentType: 'image/svg+xml' as const, content: signatureSvg }] : [];
    this.#deliveries.queue({ custodyId: first.custodyId, kind: 'receipt', to, ...message, attachments }, mode);
  }
}
