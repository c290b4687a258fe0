import { z } from 'zod';

const Tristate = <T extends [string, string]>(values: T) => z.enum([...values, 'unknown'] as [T[0], T[1], 'unknown']);

/**
 * The X-ray cabinet's own report of its state. The station is not in the radiation-safety chain:
 * it shows exactly this, never an assumed state, and never asks for a scan while a door is open.
 */
export const CabinetStatus = z.object({
  deviceId: z.string(),
  online: z.boolean(),
  door: Tristate(['closed', 'open']),
  interlock: Tristate(['ok', 'open']),
  keySwitch: Tristate(['on', 'off']),
  beam: Tristate(['off', 'on']),
  /** The cabinet's fault text, or null when it reports none. */
  fault: z.string().nullable(),
  /** The cabinet says it would accept a scan request now. */
  ready: z.boolean(),
  at: z.iso.datetime(),
});
export type CabinetStatus = z.infer<typeof CabinetStatus>;

export const XrayVerdict = z.enum(['clear', 'suspect', 'inconclusive']);
export type XrayVerdict = z.infer<typeof XrayVerdict>;

export const XrayFinding = z.enum(['wires', 'battery', 'powderOrGranularMass', 'liquid', 'denseOrganicMass', 'sharpObject', 'other']);
export type XrayFinding = z.infer<typeof XrayFinding>;
