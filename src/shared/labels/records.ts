import type { RecordMode } from '../domain/index.ts';

/**
 * What each label says, as plain facts already resolved to words (operator names, carrier names,
 * hazard). Main builds these from the item and incident records; the templates only lay them out.
 */

export interface ClearanceLabelRecord {
  siteName: string;
  custodyId: string;
  /** Carrier's name as people say it ("UPS"), or null when the item came without a known carrier. */
  carrier: string | null;
  trackingNumber: string | null;
  /** What was scanned at intake: printed when there is no carrier tracking number. */
  scannedCode: string;
  recipient: string | null;
  screenedAt: string;
  screenedBy: string;
  method: 'visual' | 'visual+xray';
  mode: RecordMode;
  /** IANA zone the times are printed in. */
  timeZone: string;
}

export interface CustodyLabelRecord {
  siteName: string;
  custodyId: string;
  incidentNumber: string;
  /** The hazard in words, e.g. "POSSIBLE EXPLOSIVE (IED)". */
  hazard: string;
  /** The seals on the package now; empty when none were recorded (the label leaves a line to write them). */
  sealNumbers: string[];
  foundAt: string;
  /** Where the item was found; null leaves a line to write it. */
  foundPlace: string | null;
  /** Who collected (took custody of) the item. */
  collector: string;
  /** A short description of the piece: type, carrier and tracking number. */
  description: string | null;
  mode: RecordMode;
  timeZone: string;
}
