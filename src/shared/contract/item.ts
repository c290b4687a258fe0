import { z } from 'zod';
import { Carrier, RecordMode } from '../domain/index.ts';
import { ItemState } from './lifecycle.ts';

export { Carrier, RecordMode };

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
