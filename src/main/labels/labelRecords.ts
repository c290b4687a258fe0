import type { IncidentView, ItemDetail } from '../../shared/contract/index.ts';
import { CARRIER_LABEL_NAMES, HAZARD_LABEL_WORDS } from '../../shared/labels/index.ts';
import type { ClearanceLabelRecord, CustodyLabelRecord } from '../../shared/labels/index.ts';

/** What the records alone cannot say: names behind operator ids, the site, the clock's zone. */
export interface LabelContext {
  siteName: string;
  /** The station the label is made at: where a suspect item was found is where it was screened. */
  stationId?: string;
  operatorName: (operatorId: string) => string | null;
  timeZone: string;
}

/** Where a suspect item was found: the screening station it was judged suspect at. */
export function placeFound(ctx: Pick<LabelContext, 'siteName' | 'stationId'>): string | null {
  const station = ctx.stationId?.trim() ? `screening station ${ctx.stationId.trim()}` : null;
  const site = ctx.siteName.trim() || null;
  if (station === null) return site === null ? null : `${site}, screening station`;
  return site === null ? station : `${site}, ${station}`;
}

function nameOf(ctx: LabelContext, operatorId: string): string {
  // An id with no name still identifies the person on an evidence label; a blank would not.
  return ctx.operatorName(operatorId) ?? `operator ${operatorId}`;
}

const ITEM_TYPE_WORDS: Record<string, string> = {
  letter: 'Letter',
  flat: 'Flat',
  parcel: 'Parcel',
  tube: 'Tube',
  'padded-envelope': 'Padded envelope',
  other: 'Other piece',
};

/**
 * The clearance label's facts. `screenedBy` is the operator who cleared the item (from the record),
 * not whoever happens to press "print" for a reprint.
 */
export function clearanceLabelRecord(detail: ItemDetail, ctx: LabelContext): ClearanceLabelRecord {
  const { item, screened } = detail;
  if (!screened) throw new Error(`clearanceLabelRecord: ${item.custodyId} has no screening record`);
  return {
    siteName: ctx.siteName,
    custodyId: item.custodyId,
    carrier: item.carrier ? CARRIER_LABEL_NAMES[item.carrier] : null,
    trackingNumber: item.trackingNumber,
    scannedCode: item.scannedCode,
    recipient: detail.recipient,
    screenedAt: screened.at,
    screenedBy: nameOf(ctx, screened.operatorId),
    method: screened.methods.includes('xray') ? 'visual+xray' : 'visual',
    mode: item.mode,
    timeZone: ctx.timeZone,
  };
}

function describe(detail: ItemDetail): string | null {
  const { item } = detail;
  const parts = [
    item.itemType ? ITEM_TYPE_WORDS[item.itemType] ?? item.itemType : null,
    item.carrier ? `${CARRIER_LABEL_NAMES[item.carrier]} ${item.trackingNumber ?? ''}`.trim() : null,
    detail.recipient ? `to ${detail.recipient}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * The custody label's facts. Found = when and where the item was judged suspect: the incident's
 * opening and the screening station (the site and station it was screened at). The quarantine
 * location is where the item is kept, never where it was found. The collector comes from the
 * quarantine transfer, the seals from the newest transfer that recorded any (the seals on the
 * package now).
 */
export function custodyLabelRecord(detail: ItemDetail, incident: IncidentView, ctx: LabelContext): CustodyLabelRecord {
  const transfers = incident.custody.length > 0 ? incident.custody : detail.custody;
  const quarantine = transfers.find((t) => t.kind === 'quarantine') ?? null;
  const sealed = [...transfers].reverse().find((t) => t.sealNumbers.length > 0) ?? null;
  const collector = quarantine && quarantine.receivedBy.kind !== 'place' ? quarantine.receivedBy.name : nameOf(ctx, incident.openedBy);
  return {
    siteName: ctx.siteName,
    custodyId: detail.item.custodyId,
    incidentNumber: incident.number,
    hazard: HAZARD_LABEL_WORDS[incident.type],
    sealNumbers: sealed?.sealNumbers ?? [],
    foundAt: incident.openedAt,
    foundPlace: placeFound(ctx),
    collector,
    description: describe(detail),
    mode: incident.mode,
    timeZone: ctx.timeZone,
  };
}
