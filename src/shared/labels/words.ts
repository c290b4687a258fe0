import type { Carrier } from '../domain/index.ts';
import type { RecordMode } from '../domain/index.ts';
import type { IncidentType } from '../domain/index.ts';

export const CARRIER_LABEL_NAMES: Readonly<Record<Carrier, string>> = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  dhl: 'DHL',
  amazon: 'Amazon',
  s10: 'UPU S10',
};

/** The hazard as a responder reads it on the package. */
export const HAZARD_LABEL_WORDS: Readonly<Record<IncidentType, string>> = {
  possibleExplosive: 'POSSIBLE EXPLOSIVE (IED)',
  suspiciousSubstance: 'SUSPICIOUS SUBSTANCE (POWDER / CBR)',
  radiological: 'RADIOLOGICAL',
  threatLetter: 'THREAT LETTER',
  other: 'SUSPECT - SEE INCIDENT RECORD',
};

/** DESIGN.md invariant 8: what is not real mail says so on paper too, where it could be mistaken for evidence. */
export const MODE_LABEL_WORDS: Readonly<Record<Exclude<RecordMode, 'live'>, { long: string; medium: string; short: string }>> = {
  demo: { long: 'DEMO - SIMULATED, NOT A SCREENING RECORD', medium: 'DEMO - NOT A REAL SCREENING', short: 'DEMO' },
  drill: { long: 'DRILL - EXERCISE, NOT EVIDENCE', medium: 'DRILL - NOT EVIDENCE', short: 'DRILL' },
};

function parts(iso: string, timeZone: string): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(iso))) out[part.type] = part.value;
  return out;
}

/** "2025-06-14" in the station's zone: year first, so no reader takes the day for the month. */
export function labelDate(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "2025-06-14 09:23 UTC": with the zone, because the label leaves the building with the item. */
export function labelDateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName ?? timeZone}`;
}
