import { z } from 'zod';
import { auditSpec, maybeText, text } from './auditSpec.ts';
import { ALL_ROLES, command, Empty } from './commandSpec.ts';
import { SealNumbers } from './incident.ts';
import { CustodyId } from './item.ts';
import { SiteStationId } from './siteStation.ts';

// Custody between stations: station A hands an item over to station B (a `custody.transfer` to a
// receiver of kind 'station', recorded in A's chain as `custody.handedOver`); B records its
// receipt against it (`custody.receivedFromStation`, in B's chain). The site matches the two
// halves (site_custody_pairs); B's screen lists the hand-overs to it still waiting.

/** The receiving operator, as the receipt names them. */
const receiver = z.looseObject({ kind: text, operatorId: text.optional(), name: text.optional() });

/** A receipt's event, in the receiving station's chain (its subject: that station). */
export const custodyBetweenStationsAudit = {
  'custody.receivedFromStation': auditSpec(
    ['station'],
    z.object({
      /** The station that handed the item over, and the item's custody ID there. */
      fromStation: text,
      custodyId: text,
      receivedBy: receiver,
      /** The seal numbers read on the item as it arrived, and whether they were intact. */
      sealNumbers: z.array(text),
      sealIntact: z.boolean(),
      note: maybeText,
      /** Whether the site showed the hand-over when the receipt was recorded (false: typed from the paperwork, the site not reached or the hand-over not there yet). */
      handOverSeen: z.boolean(),
    }),
  ),
} as const;

/** A hand-over to this station, as the site shows it. */
export const StationTransfer = z.object({
  fromStation: z.string(),
  custodyId: z.string(),
  /** When the sending station recorded the hand-over (its clock). */
  handedOverAt: z.string(),
  /** Who released it there, in words. */
  releasedBy: z.string(),
  sealNumbers: z.array(z.string()),
  reason: z.string().nullable(),
});
export type StationTransfer = z.infer<typeof StationTransfer>;

export const StationReceipt = z.object({
  fromStation: z.string(),
  custodyId: z.string(),
  sealNumbers: z.array(z.string()),
  sealIntact: z.boolean(),
  /** The seals differ from those the hand-over recorded (known only when the site showed it). */
  sealsDiffer: z.boolean().nullable(),
  handOverSeen: z.boolean(),
  at: z.string(),
});
export type StationReceipt = z.infer<typeof StationReceipt>;

/** A station of the site, as a hand-over may be addressed to it: its ID, and the name the site's administrator gave it. */
export const SiteStationEntry = z.object({ station: z.string(), name: z.string().nullable() });
export type SiteStationEntry = z.infer<typeof SiteStationEntry>;

export const custodyBetweenStationsCommands = {
  'custody.siteStations': command({
    summary: 'The site’s stations (IDs and names) to hand an item over to: as the site gives them now, or the last list this station read when the site is not reached.',
    request: Empty,
    // site: 'online' (read now), 'offline' (the last list kept here, read at readAt; none if never read), 'none' (a station alone).
    response: z.object({ site: z.enum(['online', 'offline', 'none']), here: z.string(), readAt: z.string().nullable(), stations: z.array(SiteStationEntry) }),
    roles: ALL_ROLES,
  }),
  'custody.waitingHere': command({
    summary: 'The hand-overs from other stations to this one that it has not received yet, as the site shows them.',
    request: Empty,
    // site: 'none' for a station alone, 'offline' when the site was not reached (the list is then empty: record a receipt from the paperwork).
    response: z.object({ site: z.enum(['online', 'offline', 'none']), transfers: z.array(StationTransfer) }),
    roles: ALL_ROLES,
  }),
  'custody.receiveFromStation': command({
    summary: 'Record the receipt of an item another station handed over to this one: the seals as they arrived, the operator who took it.',
    request: z
      .object({
        fromStation: SiteStationId,
        custodyId: CustodyId,
        sealNumbers: SealNumbers,
        sealIntact: z.boolean(),
        note: z.string().trim().max(500).nullable().default(null),
      })
      .strict(),
    response: z.object({ receipt: StationReceipt }),
    roles: ALL_ROLES,
  }),
} as const;
