import { z } from 'zod';
import { Carrier, RecordMode } from '../domain/index.ts';

export { Carrier, RecordMode };

export const ItemState = z.enum([
  'RECEIVED',
  'WEIGHED',
  'INSPECTED',
  'SCREENED',
  'CLEARED',
  'DELIVERED',
  'RETURNED',
  'SUSPECT',
  'QUARANTINED',
  'HANDED_OVER',
  'RELEASED',
  'DESTROYED',
  /** Taken in by mistake (a misread code, a stray scan) and voided with a reason before any screening step. */
  'VOIDED',
]);
export type ItemState = z.infer<typeof ItemState>;

/** Our own custody ID: Crockford base32, 9 characters with a check character, shown as XXX-XXX-XXX. */
export const CustodyId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);

export const Item = z.object({
  custodyId: CustodyId,
  trackingNumber: z.string().nullable(),
  carrier: Carrier.nullable(),
  /** What was scanned or typed, exactly, so nothing the label said is lost. */
  scannedCode: z.string(),
  symbology: z.string().nullable(),
  state: ItemState,
  mode: RecordMode,
  receivedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  receivedBy: z.string(),
  /** Letter, parcel, ...: decides with the site's risk level which steps are mandatory. Null until the operator says. */
  itemType: z.enum(['letter', 'flat', 'parcel', 'tube', 'padded-envelope', 'other']).nullable(),
  /** The incident this item is part of, once it was marked suspect. */
  incidentNumber: z.string().nullable(),
});
export type Item = z.infer<typeof Item>;

/** Where an item stands in its lifecycle: being screened, cleared, suspect, in quarantine, or closed. */
export type ItemStage = 'screening' | 'cleared' | 'suspect' | 'quarantined' | 'closed';

/**
 * The stage of each state. A record, so a new state cannot be added without placing it: the
 * lifecycle's rules ("before cleared?", "closed?") and every list of states below read it.
 */
export const ITEM_STAGE: Readonly<Record<ItemState, ItemStage>> = {
  RECEIVED: 'screening',
  WEIGHED: 'screening',
  INSPECTED: 'screening',
  SCREENED: 'screening',
  CLEARED: 'cleared',
  DELIVERED: 'closed',
  RETURNED: 'closed',
  SUSPECT: 'suspect',
  QUARANTINED: 'quarantined',
  HANDED_OVER: 'closed',
  RELEASED: 'closed',
  DESTROYED: 'closed',
  // Final like the other closed states (out of the work queue, kept and purged by retention like them).
  VOIDED: 'closed',
};

/** The states in any of these stages, in the contract's order. */
export function statesInStage(...stages: readonly ItemStage[]): ItemState[] {
  return ItemState.options.filter((state) => stages.includes(ITEM_STAGE[state]));
}

/** States in which an item is still being handled at the station (a rescan brings it up again): all but the closed ones. */
export const OPEN_ITEM_STATES: readonly ItemState[] = statesInStage('screening', 'cleared', 'suspect', 'quarantined');
